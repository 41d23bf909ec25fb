import type { Component } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import { Key } from '@element-plus/icons-vue'

/** One button of the 个人信息维护 hub. */
export interface WorkerFunction {
  /** Stable id: the button's data-testid is `my-${key}`. */
  key: string
  title: string
  to: RouteLocationRaw
  icon?: Component
}

/**
 * The hub's buttons, in the seed's order: 密码修改, 社工信息登记, 社工信息修改,
 * 信息修改申请, 信息预览打印, 联系信息修改, 续期登记申请, 恢复登记申请,
 * 社工卡补换申请, 续期登记列表, 恢复登记申请列表, 审核通过时间.
 * A function is listed here when its page lands, never before. 返回首页 is
 * always shown after these by the hub itself.
 */
export const workerFunctions: WorkerFunction[] = [
  { key: 'password', title: '密码修改', to: { name: 'password' }, icon: Key },
]
