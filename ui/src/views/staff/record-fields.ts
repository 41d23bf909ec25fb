// The registration record in words, section by section, for pages that show it read-only
// (申请详情, 操作日志). Field keys and labels are the core's (review.rs, `describe`), so that a
// field named in an application's `changes` finds its row here.
import type { Code, CodeTables, Contact, RecordForm } from '@/api/bindings'

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

/** The three sections of the form (DESIGN.md §3); the photo is shown as a picture, not a row. */
const SECTIONS: { title: string; fields: [string, string, Describe][] }[] = [
  {
    title: '基本信息',
    fields: [
      ['name', '姓名', (f) => f.name],
      ['sex', '性别', (f, c) => codeLabel(c?.sex, f.sex)],
      ['idNumber', '身份证号码', (f) => f.idNumber],
      ['birthDate', '出生日期', (f) => f.birthDate],
      ['ethnicity', '民族', (f, c) => codeLabel(c?.ethnicity, f.ethnicity)],
      ['xiamenHukou', '是否厦户', (f) => yesNo(f.xiamenHukou)],
      ['nativePlace', '籍贯', (f) => f.nativePlace],
      ['marital', '婚姻状态', (f, c) => codeLabel(c?.marital, f.marital)],
      ['political', '政治面貌', (f, c) => codeLabel(c?.political, f.political)],
      ['education', '学历程度', (f, c) => codeLabel(c?.education, f.education)],
      ['school', '毕业院校', (f) => f.school],
      ['major', '所学专业', (f) => f.major],
      ['graduationDate', '毕业时间', (f) => f.graduationDate],
      ['workStartDate', '参加工作时间', (f) => f.workStartDate],
    ],
  },
  {
    title: '通讯信息',
    fields: [
      ['address', '通讯地址', contact('address')],
      ['postcode', '邮编', contact('postcode')],
      ['mobile', '手机号码', contact('mobile')],
      ['officePhone', '办公电话', contact('officePhone')],
      ['email', '电子邮箱', contact('email')],
      ['qq', 'QQ', contact('qq')],
    ],
  },
  {
    title: '执业信息',
    fields: [
      ['fullTime', '是否专职从事社会工作服务', (f) => yesNo(f.fullTime)],
      ['serviceStartDate', '从事社会工作服务时间', (f) => f.serviceStartDate],
      ['position', '职务', (f, c) => codeLabel(c?.position, f.position)],
      ['district', '所在区', (f, c) => codeLabel(c?.district, f.district)],
      ['employer', '目前所在单位', (f) => f.employer],
      ['title', '职称', titleLabel],
      ['titleCertNo', '证书编号', (f) => f.titleCertNo],
      ['titleDate', '取得时间', (f) => f.titleDate],
      ['titleScores', '考试成绩', scores],
      ['fields', '执业领域', (f, c) => (f.fields ?? []).map((code) => codeLabel(c?.field, code)).join('、')],
      ['experience', '从业经历与业绩', (f) => f.experience],
    ],
  },
]

/** The record as rows of (field, label, shown value), codes turned into their labels. */
export function describeRecord(form: RecordForm, codes: CodeTables | null): RecordSection[] {
  return SECTIONS.map((s) => ({
    title: s.title,
    rows: s.fields.map(([field, label, describe]) => ({ field, label, value: describe(form, codes) })),
  }))
}

/** The label of every field of the record, the contact's keys included. */
export const FIELD_LABELS: Record<string, string> = Object.fromEntries([
  ...SECTIONS.flatMap((s) => s.fields.map(([field, label]) => [field, label])),
  ['photo', '个人照片'],
  ['photoId', '个人照片'],
])

/** Whether a parsed JSON value has the shape of a RecordForm. */
export function isRecordForm(v: unknown): v is RecordForm {
  return typeof v === 'object' && v !== null && 'contact' in v && 'name' in v && 'idNumber' in v
}
