import { AUDIT_ACTIONS, type AuditAction } from '@/api/generated/bindings'

type Tag = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** How each action looks in the list; a Record, so that a new action in the core cannot be forgotten. */
const TAGS: Record<AuditAction, Tag> = {
  'record.submit': 'primary',
  'application.first_approve': 'success',
  'application.approve': 'success',
  'application.reject': 'warning',
  'record.contact': 'primary',
  'record.enter': 'primary',
  'record.freeze': 'danger',
  'card.issue': 'success',
  'card.void': 'danger',
  'record.reveal': 'info',
  'record.export': 'info',
  'record.print': 'info',
  'account.create_admin': 'info',
  'account.create': 'info',
  'account.approve': 'success',
  'account.reject': 'warning',
  'account.disable': 'danger',
  'account.enable': 'success',
  'account.reset_password': 'warning',
  'settings.security': 'warning',
  'settings.mail': 'warning',
  'settings.periods': 'warning',
  'settings.backup': 'warning',
  'database.backup': 'info',
  'database.restore': 'warning',
  'account.scope': 'info',
  'settings.review': 'info',
  'record.import': 'primary',
}

/** Every action the core writes to the 操作日志 (generated from audit.rs), in Chinese; the filter offers these. */
export const ACTIONS: { value: AuditAction; label: string; tag: Tag }[] = AUDIT_ACTIONS.map((a) => ({
  value: a.action,
  label: a.label,
  tag: TAGS[a.action],
}))

export function actionOf(value: AuditAction) {
  // The core refuses to read an action it does not know, so every row's action is listed.
  return ACTIONS.find((a) => a.value === value)!
}
