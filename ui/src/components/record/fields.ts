// The registration form's data on the UI side: its fields as the core's catalogue names them
// (labels, length caps, the message of a missing value), empty values, copies, and the keys its
// errors come back under.
import { RECORD_FIELDS, type CodeTables, type Contact, type RecordFieldKey, type RecordForm } from '@/api/generated/bindings'

/** One field of the core's catalogue (`record/fields.rs`, generated into the bindings). */
export type FieldSpec = (typeof RECORD_FIELDS)[number]

const BY_KEY = Object.fromEntries(RECORD_FIELDS.map((f) => [f.key, f])) as Record<RecordFieldKey, FieldSpec>

export function fieldSpec(key: RecordFieldKey): FieldSpec {
  return BY_KEY[key]
}

/** The field's label on the form. */
export function fieldLabel(key: RecordFieldKey): string {
  return BY_KEY[key].label
}

/** The core's cap of the field, in characters. */
export function maxLength(key: RecordFieldKey): number | undefined {
  return BY_KEY[key].maxLength ?? undefined
}

/** What 提交审核 says when the field is empty (empty when the field may stay empty). */
export function missingMessage(key: RecordFieldKey): string {
  return BY_KEY[key].missing ?? ''
}

export function emptyContact(): Contact {
  return { address: '', postcode: '', mobile: '', officePhone: '', email: '', qq: '' }
}

export function emptyRecordForm(): RecordForm {
  return {
    name: '',
    sex: '',
    idNumber: '',
    birthDate: '',
    ethnicity: '',
    xiamenHukou: null,
    nativePlace: '',
    marital: '',
    political: '',
    education: '',
    school: '',
    major: '',
    graduationDate: '',
    workStartDate: '',
    photoId: null,
    contact: emptyContact(),
    fullTime: null,
    serviceStartDate: '',
    position: '',
    district: '',
    employer: '',
    title: '',
    titleCertNo: '',
    titleDate: '',
    titleScores: {},
    fields: [],
    experience: '',
  }
}

/** A deep copy, with every part present even when the core left one out. */
export function copyForm(form: RecordForm): RecordForm {
  const copy = JSON.parse(JSON.stringify(form)) as Partial<RecordForm>
  const empty = emptyRecordForm()
  return {
    ...empty,
    ...copy,
    contact: { ...empty.contact, ...(copy.contact ?? {}) },
    titleScores: { ...(copy.titleScores ?? {}) },
    fields: [...(copy.fields ?? [])],
  }
}

/** The field names of 通讯信息, as the core reports their errors. */
export type ContactField = Extract<FieldSpec, { section: 'contact' }>['key']
export const CONTACT_FIELDS = RECORD_FIELDS.filter((f) => f.section === 'contact').map((f) => f.key) as ContactField[]

/** The keys of errors about the record; the scores report theirs per subject (`scoreKey`). */
const ERROR_KEYS = RECORD_FIELDS.filter((f) => f.kind !== 'scores').map((f) => f.key)

/** The error key of one exam subject's score. */
export function scoreKey(subject: string): string {
  return `${'titleScores' satisfies RecordFieldKey}.${subject}`
}

/**
 * Every key the core may report a record error under, each empty: bind it with `reactive()` and
 * hand it to `showError(err, errors)` and to RecordForm's `errors`. The score keys come from the
 * title table, so pass the code tables once they are loaded.
 */
export function emptyRecordErrors(codes?: CodeTables | null): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const key of ERROR_KEYS) errors[key] = ''
  for (const title of codes?.title ?? []) {
    for (const s of title.subjects) errors[scoreKey(s.subject)] = ''
  }
  return errors
}

export function emptyContactErrors(): Record<ContactField, string> {
  return Object.fromEntries(CONTACT_FIELDS.map((key) => [key, ''])) as Record<ContactField, string>
}

/** camelCase field name → the kebab-case part of its data-testid (`idNumber` → `id-number`). */
export function testidPart(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
