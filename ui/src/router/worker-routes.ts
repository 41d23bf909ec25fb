import type { RouteRecordRaw } from 'vue-router'

/** Pages of the worker's 个人信息维护 functions (children of the main layout). */
export const workerRoutes: RouteRecordRaw[] = []
