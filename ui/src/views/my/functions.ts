import type { Component } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import {
  Calendar,
  Checked,
  CreditCard,
  DocumentAdd,
  EditPen,
  Key,
  List,
  Phone,
  Printer,
  RefreshRight,
  Tickets,
  Unlock,
} from '@element-plus/icons-vue'
import type { Hub, HubKey } from '@/api/generated/bindings'

/** One button of the 个人信息维护 hub. */
export interface WorkerFunction {
  /** The core's key in `Hub.actions`; the button's data-testid is `my-${key}`. */
  key: HubKey
  title: string
  /** Where the button leads, given the record's standing. */
  to: (hub: Hub | null) => RouteLocationRaw
  icon: Component
}

const page = (to: RouteLocationRaw) => () => to

/**
 * The hub's buttons, in this fixed order: 密码修改, 社工信息登记, 社工信息修改, 信息修改申请,
 * 信息预览打印, 联系信息修改, 续期登记申请, 恢复登记申请, 社工卡补换申请, 续期登记列表,
 * 恢复登记申请列表, 审核通过时间. Whether each is open now is the core's answer (`hub`).
 * 返回首页 is always shown after these by the hub itself.
 */
export const workerFunctions: WorkerFunction[] = [
  { key: 'password', title: '密码修改', to: page({ name: 'password' }), icon: Key },
  { key: 'register', title: '社工信息登记', to: page({ name: 'my-record', query: { kind: 'initial' } }), icon: DocumentAdd },
  {
    key: 'modify',
    title: '社工信息修改',
    // Before the first approval the 初次登记 itself is edited; afterwards an unlocked 信息修改.
    to: (hub) => ({
      name: 'my-record',
      query: { kind: hub && hub.status !== 'unregistered' ? 'modification' : 'initial', edit: '1' },
    }),
    icon: EditPen,
  },
  {
    key: 'modification_request',
    title: '信息修改申请',
    to: page({ name: 'my-request', query: { kind: 'modification_request' } }),
    icon: Tickets,
  },
  { key: 'print', title: '信息预览打印', to: page({ name: 'my-print' }), icon: Printer },
  { key: 'contact', title: '联系信息修改', to: page({ name: 'my-contact' }), icon: Phone },
  { key: 'renewal', title: '续期登记申请', to: page({ name: 'my-record', query: { kind: 'renewal' } }), icon: RefreshRight },
  {
    key: 'restoration',
    title: '恢复登记申请',
    to: page({ name: 'my-record', query: { kind: 'restoration' } }),
    icon: Unlock,
  },
  {
    key: 'card_replacement',
    title: '社工卡补换申请',
    to: page({ name: 'my-request', query: { kind: 'card_replacement' } }),
    icon: CreditCard,
  },
  {
    key: 'renewal_list',
    title: '续期登记列表',
    to: page({ name: 'my-history', params: { list: 'renewal' } }),
    icon: List,
  },
  {
    key: 'restoration_list',
    title: '恢复登记申请列表',
    to: page({ name: 'my-history', params: { list: 'restoration' } }),
    icon: Calendar,
  },
  {
    key: 'approval_list',
    title: '审核通过时间',
    to: page({ name: 'my-history', params: { list: 'approvals' } }),
    icon: Checked,
  },
]
