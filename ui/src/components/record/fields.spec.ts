import { describe, expect, it } from 'vitest'
import { RECORD_FIELDS, RECORD_SECTIONS } from '@/api/generated/bindings'
import { describeRecord } from '@/views/staff/record-fields'
import { emptyRecordErrors, emptyRecordForm } from './fields'
import { recordRules } from './rules'

// The form, its rules and the read-only record all follow the core's catalogue of fields: a field
// added to (or dropped from) the catalogue fails here until every place knows it.
describe('the catalogue of the record fields', () => {
  const keys = RECORD_FIELDS.map((f) => f.key)

  it('names an error key for every field but the per-subject scores', () => {
    const errors = Object.keys(emptyRecordErrors())
    expect(errors).toEqual(keys.filter((k) => k !== 'titleScores'))
  })

  it('gives every field a rule, with the core’s message on the ones 提交审核 needs', () => {
    const rules = recordRules(emptyRecordForm)
    expect(Object.keys(rules).sort()).toEqual([...keys.filter((k) => k !== 'titleScores'), 'score'].sort())
    for (const f of RECORD_FIELDS) {
      if (f.key === 'titleScores') continue
      const required = rules[f.key].find((r) => r.required)
      expect(required?.message ?? null, f.key).toBe(f.required === 'never' ? null : f.missing)
    }
  })

  it('shows every field but the photo in its section, under its label', () => {
    const sections = describeRecord(emptyRecordForm(), null)
    expect(sections.map((s) => s.title)).toEqual(RECORD_SECTIONS.map((s) => s.label))
    const rows = sections.flatMap((s) => s.rows.map((r) => [r.field, r.label]))
    expect(rows).toEqual(RECORD_FIELDS.filter((f) => f.key !== 'photo').map((f) => [f.key, f.label]))
  })

  it('reads each field from its own place in the form', () => {
    for (const f of RECORD_FIELDS) {
      if (f.kind !== 'text' && f.kind !== 'multiline' && f.kind !== 'date') continue
      const form = emptyRecordForm()
      const [head, tail] = f.path.split('.')
      if (tail) (form as unknown as Record<string, Record<string, string>>)[head][tail] = '甲'
      else (form as unknown as Record<string, string>)[head] = '甲'
      const shown = describeRecord(form, null)
        .flatMap((s) => s.rows)
        .filter((r) => r.value !== '')
        .map((r) => r.field)
      expect(shown, f.key).toEqual([f.key])
    }
  })
})
