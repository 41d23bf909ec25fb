import type { RouteRecordRaw } from 'vue-router'

/** Pages of the review queues, entry by staff and records administration (children of the main layout). */
export const staffRoutes: RouteRecordRaw[] = []
