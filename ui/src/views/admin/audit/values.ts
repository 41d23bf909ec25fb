// The 修改前 / 修改后 of an 操作日志 entry in words. The core stores JSON (the whole record, the
// contact section, a card) or a plain word (a record status, a card serial).
import type { CodeTables, RecordStatus } from '@/api/generated/bindings'
import { recordStatusLabel } from '@/views/staff/kinds'
import { FIELD_LABELS, describeRecord, isRecordForm } from '@/views/staff/record-fields'

export interface ValueLine {
  key: string
  label: string
  value: string
}

/** Lines of `label：value`, or one text when the value is not an object. */
export type AuditValue = { lines: ValueLine[] } | { text: string }

const LABELS: Record<string, string> = {
  ...FIELD_LABELS,
  cardNo: '社工卡号',
  serialNo: '序列号',
  status: '状态',
  reason: '原因',
}

const RECORD_STATUSES: string[] = ['unregistered', 'registered', 'frozen'] satisfies RecordStatus[]

function shown(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.map(shown).join('、')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

export function auditValue(raw: string | null, codes: CodeTables | null): AuditValue | null {
  if (raw === null || raw === '') return null
  const v = parse(raw)
  if (isRecordForm(v)) {
    const lines = describeRecord(v, codes).flatMap((s) =>
      s.rows.map((r) => ({ key: r.field, label: r.label, value: r.value })),
    )
    lines.push({ key: 'photo', label: FIELD_LABELS.photo, value: v.photoId === null ? '' : `照片#${v.photoId}` })
    return { lines }
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return {
      lines: Object.entries(v as Record<string, unknown>).map(([key, value]) => ({
        key,
        label: LABELS[key] ?? key,
        value: shown(value),
      })),
    }
  }
  if (RECORD_STATUSES.includes(raw)) return { text: recordStatusLabel(raw as RecordStatus, false) }
  return { text: v === undefined || typeof v === 'object' ? raw : shown(v) }
}

/** The keys whose value differs between two sets of lines. */
export function changedKeys(before: AuditValue | null, after: AuditValue | null): Set<string> {
  const changed = new Set<string>()
  if (!before || !after || !('lines' in before) || !('lines' in after)) return changed
  const old = new Map(before.lines.map((l) => [l.key, l.value]))
  for (const line of after.lines) {
    if (old.get(line.key) !== line.value) changed.add(line.key)
  }
  return changed
}
