import type { RouteRecordRaw } from 'vue-router'

/** Pages of the review queues, entry by staff and records administration (children of the main layout). */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'staff/review',
    name: 'staff-review',
    component: () => import('@/views/staff/review/index.vue'),
    meta: { title: '审核', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/review/:id(\\d+)',
    name: 'staff-review-detail',
    component: () => import('@/views/staff/review/detail/index.vue'),
    meta: { title: '申请详情', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/roster',
    name: 'staff-roster',
    component: () => import('@/views/staff/roster/index.vue'),
    meta: { title: '登记名册', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/roster/:workerId(\\d+)',
    name: 'staff-roster-detail',
    component: () => import('@/views/staff/roster/detail/index.vue'),
    meta: { title: '登记详情', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/roster/:workerId(\\d+)/print',
    name: 'staff-roster-print',
    component: () => import('@/views/my/print/index.vue'),
    meta: { title: '打印登记表', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/stats',
    name: 'staff-stats',
    component: () => import('@/views/staff/stats/index.vue'),
    meta: { title: '统计', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/import',
    name: 'staff-import',
    component: () => import('@/views/staff/import/index.vue'),
    meta: { title: '导入', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/enter',
    name: 'staff-enter',
    component: () => import('@/views/staff/enter/index.vue'),
    meta: { title: '代录入', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'staff/enter/:workerId(\\d+)',
    name: 'staff-enter-record',
    component: () => import('@/views/staff/enter/record.vue'),
    meta: { title: '代录入', roles: ['reviewer', 'admin'] },
  },
  {
    path: 'admin/freeze',
    name: 'admin-freeze',
    component: () => import('@/views/admin/freeze/index.vue'),
    meta: { title: '冻结管理', roles: ['admin'] },
  },
  {
    path: 'admin/cards',
    name: 'admin-cards',
    component: () => import('@/views/admin/cards/index.vue'),
    meta: { title: '发放社工卡', roles: ['admin'] },
  },
  {
    path: 'admin/periods',
    name: 'admin-periods',
    component: () => import('@/views/admin/periods/index.vue'),
    meta: { title: '登记期限设置', roles: ['admin'] },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/audit/index.vue'),
    meta: { title: '操作日志', roles: ['admin'] },
  },
  {
    path: 'admin/access',
    name: 'admin-access',
    component: () => import('@/views/admin/access/index.vue'),
    meta: { title: '访问日志', roles: ['admin'] },
  },
]
