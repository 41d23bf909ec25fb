import type { Role } from '@/api/bindings'

export const ROLE_LABELS: Record<Role, string> = {
  worker: '社工',
  reviewer: '审核员',
  admin: '管理员',
}

/** Bureau staff: everyone who is not a social worker. */
export function isStaff(role: Role): boolean {
  return role !== 'worker'
}
