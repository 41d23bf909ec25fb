// The registration record in words, section by section, for pages that show it read-only
// (申请详情, 操作日志). Sections, field keys and labels come from the core's catalogue of fields
// (generated into the bindings), so that a field named in an application's `changes` finds its row
// here; only how a value reads is written here, as the core's `describe` writes it.
import {
  RECORD_FIELDS,
  RECORD_SECTIONS,
  type Code,
  type CodeTables,
  type Contact,
  type RecordFieldKey,
  type RecordForm,
} from '@/api/generated/bindings'

export interface FieldRow {
  field: string
  label: string
  value: string
}

export interface RecordSection {
  title: string
  rows: FieldRow[]
}

type Describe = (f: RecordForm, codes: CodeTables | null) => string

const codeLabel = (list: Code[] | undefined, code: string): string =>
  code === '' ? '' : (list?.find((c) => c.code === code)?.label ?? code)

const yesNo = (v: boolean | null): string => (v === true ? '是' : v === false ? '否' : '')

function titleLabel(f: RecordForm, codes: CodeTables | null): string {
  return f.title === '' ? '' : (codes?.title.find((t) => t.code === f.title)?.label ?? f.title)
}

/** Each exam subject of the chosen title with its score: 科目：分数；科目：分数. */
function scores(f: RecordForm, codes: CodeTables | null): string {
  const subjects = codes?.title.find((t) => t.code === f.title)?.subjects
  if (subjects) return subjects.map((s) => `${s.label}：${f.titleScores[s.subject] ?? ''}`).join('；')
  return Object.entries(f.titleScores)
    .map(([subject, score]) => `${subject}：${score}`)
    .join('；')
}

const contact = (key: keyof Contact): Describe => (f) => f.contact?.[key] ?? ''

/** How each field reads; the photo is shown as a picture, not a row. */
const DESCRIBE: Record<Exclude<RecordFieldKey, 'photo'>, Describe> = {
  name: (f) => f.name,
  sex: (f, c) => codeLabel(c?.sex, f.sex),
  idNumber: (f) => f.idNumber,
  birthDate: (f) => f.birthDate,
  ethnicity: (f, c) => codeLabel(c?.ethnicity, f.ethnicity),
  xiamenHukou: (f) => yesNo(f.xiamenHukou),
  nativePlace: (f) => f.nativePlace,
  marital: (f, c) => codeLabel(c?.marital, f.marital),
  political: (f, c) => codeLabel(c?.political, f.political),
  education: (f, c) => codeLabel(c?.education, f.education),
  school: (f) => f.school,
  major: (f) => f.major,
  graduationDate: (f) => f.graduationDate,
  workStartDate: (f) => f.workStartDate,
  address: contact('address'),
  postcode: contact('postcode'),
  mobile: contact('mobile'),
  officePhone: contact('officePhone'),
  email: contact('email'),
  qq: contact('qq'),
  fullTime: (f) => yesNo(f.fullTime),
  serviceStartDate: (f) => f.serviceStartDate,
  position: (f, c) => codeLabel(c?.position, f.position),
  district: (f, c) => codeLabel(c?.district, f.district),
  employer: (f) => f.employer,
  title: titleLabel,
  titleCertNo: (f) => f.titleCertNo,
  titleDate: (f) => f.titleDate,
  titleScores: scores,
  fields: (f, c) => (f.fields ?? []).map((code) => codeLabel(c?.field, code)).join('、'),
  experience: (f) => f.experience,
}

/** The record as rows of (field, label, shown value), codes turned into their labels. */
export function describeRecord(form: RecordForm, codes: CodeTables | null): RecordSection[] {
  return RECORD_SECTIONS.map((s) => ({
    title: s.label,
    rows: RECORD_FIELDS.filter((f) => f.section === s.key && f.key !== 'photo').map((f) => ({
      field: f.key,
      label: f.label,
      value: DESCRIBE[f.key as keyof typeof DESCRIBE](form, codes),
    })),
  }))
}

/** The label of every field of the record by its key and by its place in the form's JSON. */
export const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  RECORD_FIELDS.flatMap((f) => [
    [f.key, f.label],
    [f.path.replace(/^contact\./, ''), f.label],
  ]),
)

/** Whether a parsed JSON value has the shape of a RecordForm. */
export function isRecordForm(v: unknown): v is RecordForm {
  return typeof v === 'object' && v !== null && 'contact' in v && 'name' in v && 'idNumber' in v
}
