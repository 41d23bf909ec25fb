import type { AccountStatus, Role } from '@/api/generated/bindings'

export const ROLE_LABELS: Record<Role, string> = {
  worker: '社工',
  reviewer: '审核员',
  admin: '管理员',
}

/** Bureau staff: everyone who is not a social worker. */
export function isStaff(role: Role): boolean {
  return role !== 'worker'
}

/** 账号状态 as the account list names it. */
export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  pending: '待审核',
  active: '正常',
  rejected: '未通过',
  disabled: '已停用',
}

/** el-tag colour of each status. */
export const ACCOUNT_STATUS_TAGS: Record<AccountStatus, 'warning' | 'success' | 'danger' | 'info'> = {
  pending: 'warning',
  active: 'success',
  rejected: 'danger',
  disabled: 'info',
}
