// The registration form's data on the UI side: empty values, copies, and the keys its errors
// come back under (the core names them; DESIGN.md §3).
import type { CodeTables, Contact, RecordForm } from '@/api/bindings'

/** Length caps, in characters, as the core's `record.rs` sets them. */
export const MAX_SHORT = 50
export const MAX_LONG = 100
export const MAX_EXPERIENCE = 2000

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
export const CONTACT_FIELDS = ['address', 'postcode', 'mobile', 'officePhone', 'email', 'qq'] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

const RECORD_FIELDS = [
  'name',
  'sex',
  'idNumber',
  'birthDate',
  'ethnicity',
  'xiamenHukou',
  'nativePlace',
  'marital',
  'political',
  'education',
  'school',
  'major',
  'graduationDate',
  'workStartDate',
  'photo',
  ...CONTACT_FIELDS,
  'fullTime',
  'serviceStartDate',
  'position',
  'district',
  'employer',
  'title',
  'titleCertNo',
  'titleDate',
  'fields',
  'experience',
]

/** The error key of one exam subject's score. */
export function scoreKey(subject: string): string {
  return `titleScores.${subject}`
}

/**
 * Every key the core may report a record error under, each empty: bind it with `reactive()` and
 * hand it to `showError(err, errors)` and to RecordForm's `errors`. The score keys come from the
 * title table, so pass the code tables once they are loaded.
 */
export function emptyRecordErrors(codes?: CodeTables | null): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const key of RECORD_FIELDS) errors[key] = ''
  for (const title of codes?.title ?? []) {
    for (const s of title.subjects) errors[scoreKey(s.subject)] = ''
  }
  return errors
}

export function emptyContactErrors(): Record<ContactField, string> {
  return { address: '', postcode: '', mobile: '', officePhone: '', email: '', qq: '' }
}

/** camelCase field name → the kebab-case part of its data-testid (`idNumber` → `id-number`). */
export function testidPart(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
