import type { RouteRecordRaw } from 'vue-router'

const worker = { roles: ['worker' as const] }

/** Pages of the worker's 个人信息维护 functions (children of the main layout). */
export const workerRoutes: RouteRecordRaw[] = [
  {
    // ?kind=initial (社工信息登记, and 社工信息修改 before the first approval), modification,
    // renewal (续期登记申请) or restoration (恢复登记申请).
    path: 'my/record',
    name: 'my-record',
    component: () => import('@/views/my/record/index.vue'),
    meta: { title: '社工信息登记', ...worker },
  },
  {
    // ?kind=modification_request (信息修改申请) or card_replacement (社工卡补换申请).
    path: 'my/request',
    name: 'my-request',
    component: () => import('@/views/my/request/index.vue'),
    meta: { title: '申请', ...worker },
  },
  {
    path: 'my/contact',
    name: 'my-contact',
    component: () => import('@/views/my/contact/index.vue'),
    meta: { title: '联系信息修改', ...worker },
  },
  {
    path: 'my/history/:list(renewal|restoration|approvals)',
    name: 'my-history',
    component: () => import('@/views/my/history/index.vue'),
    meta: { title: '申请记录', ...worker },
  },
  {
    path: 'my/print',
    name: 'my-print',
    component: () => import('@/views/my/print/index.vue'),
    meta: { title: '信息预览打印', ...worker },
  },
]
