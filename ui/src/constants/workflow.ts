// The words of the workflow (申请类别, the states of applications and records), shared by the
// worker's and the staff's pages.
import { KINDS, type Kind, type RecordStatus, type Status } from '@/api/generated/bindings'

/** 申请类别, as the core names them (workflow.rs, generated into the bindings). */
export const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<Kind, string>

/** 申请状态. */
export const STATUS_LABELS: Record<Status, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '未通过',
}

/** The el-tag type of each status. */
export const STATUS_TAG_TYPES: Record<Status, 'info' | 'warning' | 'success' | 'danger'> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'success',
  rejected: 'danger',
}

/** 登记状态 of a record; 已超期 is a registered record past its validity end. */
export function recordStatusLabel(status: RecordStatus, expired: boolean): string {
  switch (status) {
    case 'unregistered':
      return '未登记'
    case 'frozen':
      return '已冻结'
    case 'registered':
      return expired ? '已超期' : '已登记'
  }
}

export function recordStatusTagType(status: RecordStatus, expired: boolean): 'info' | 'success' | 'warning' | 'danger' {
  if (status === 'unregistered') return 'info'
  if (status === 'frozen') return 'danger'
  return expired ? 'warning' : 'success'
}
