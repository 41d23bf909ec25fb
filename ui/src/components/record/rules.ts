// Instant checks for the registration form, mirroring the core's (crates/core/src/registration/
// record and validate.rs). They only catch a badly typed value as the cursor leaves a field; whether
// a field may stay empty is the core's call on 提交审核, and it checks everything again. Which
// fields are required, their labels and the messages of missing values come from the core's
// catalogue of fields.
import type { FormItemRule } from 'element-plus'
import type { RecordFieldKey, RecordForm } from '@/api/generated/bindings'
import { checkDisplayName } from '@/rules/account'
import { checkEmail, checkIdNumber, checkMobile } from '@/rules/identity'
import { chinaToday } from '@/utils/time'
import { fieldLabel as label, fieldSpec, missingMessage } from './fields'

/**
 * A trigger no input fires: the rule only puts the `*` on its field. 保存资料 keeps drafts
 * incomplete, and 提交审核 lets the core name every missing field at once.
 */
const MARK_ONLY = 'submit'

function required(message: string): FormItemRule {
  return { required: true, message, trigger: MARK_ONLY }
}

/** The `*` of a field 提交审核 needs, with the catalogue's message; nothing for an optional one. */
function needed(key: RecordFieldKey): FormItemRule[] {
  return fieldSpec(key).required === 'never' ? [] : [required(missingMessage(key))]
}

/** Runs `check` on a non-empty, trimmed value when `trigger` fires. */
function format(check: (value: string) => string | null, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_rule, value: unknown, callback) => {
      const text = typeof value === 'string' ? value.trim() : ''
      const message = text === '' ? null : check(text)
      callback(message === null ? undefined : new Error(message))
    },
  }
}

export function checkPostcode(v: string): string | null {
  return /^\d{6}$/.test(v) ? null : '邮编应为6位数字'
}

export function checkQq(v: string): string | null {
  return /^[1-9]\d{4,10}$/.test(v) ? null : 'QQ号码应为5至11位数字，且不能以0开头'
}

// 0592-1234567, 0592 12345678, (0592)1234567, （0592） 1234567, each with an optional -123 or 转123.
const LANDLINE = /^(?:[(（]0[1-9]\d{1,2}[)）] ?|0[1-9]\d{1,2}[- ])[1-9]\d{6,7}(?:[-转]\d{1,6})?$/

export function checkOfficePhone(v: string): string | null {
  if (LANDLINE.test(v) || checkMobile(v) === null) return null
  return '办公电话格式不正确，应为如0592-1234567的固定电话或11位手机号码'
}

export function checkScore(v: string): string | null {
  const bad = '成绩应为0至100之间的数字，最多保留一位小数'
  if (!/^\d{1,3}(\.\d)?$/.test(v)) return bad
  return Number(v) <= 100 ? null : bad
}

/** The birth date and sex digit an ID number holds, or null when it is not a valid one. */
export function idNumberFacts(v: string): { birthDate: string; male: boolean } | null {
  const id = v.trim().toUpperCase()
  if (checkIdNumber(id) !== null) return null
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    male: Number(id[16]) % 2 === 1,
  }
}

/** `date` plus `years`, as YYYY-MM-DD (29 February becomes 28 February in a common year). */
function plusYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const year = y + years
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const day = m === 2 && d === 29 && !leap ? 28 : d
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** A date not later than today and, when given, after `after` or from `from` on. */
function dateRule(
  what: string,
  order?: () => { after?: string; from?: string; message: string } | null,
): FormItemRule {
  return format((v) => {
    if (v > chinaToday()) return `${what}不能晚于今天`
    const o = order?.()
    if (o?.after && v <= o.after) return o.message
    if (o?.from && v < o.from) return o.message
    return null
  }, 'change')
}

/** The rules of each form item, by the core's field name; `form` is read when a rule runs. */
export function recordRules(form: () => RecordForm): Record<string, FormItemRule[]> {
  const birth = () => form().birthDate
  const adult = (key: RecordFieldKey) => () =>
    birth() ? { from: plusYears(birth(), 16), message: `${label(key)}应在年满16周岁之后` } : null
  const afterBirth = (key: RecordFieldKey) => () =>
    birth() ? { after: birth(), message: `${label(key)}应晚于${label('birthDate')}` } : null
  const date = (key: RecordFieldKey, order?: Parameters<typeof dateRule>[1]) => [
    ...needed(key),
    dateRule(label(key), order),
  ]
  return {
    name: [...needed('name'), format(checkDisplayName)],
    sex: needed('sex'),
    idNumber: [
      ...needed('idNumber'),
      format((v) => {
        const bad = checkIdNumber(v)
        if (bad) return bad
        const facts = idNumberFacts(v)!
        const f = form()
        const [id, birthDate, sex] = [label('idNumber'), label('birthDate'), label('sex')]
        if (f.birthDate && f.birthDate !== facts.birthDate) return `${id}中的${birthDate}与所填${birthDate}不一致`
        if ((f.sex === '1' && !facts.male) || (f.sex === '2' && facts.male)) return `${id}中的${sex}与所选${sex}不一致`
        return null
      }),
    ],
    birthDate: date('birthDate'),
    ethnicity: needed('ethnicity'),
    xiamenHukou: needed('xiamenHukou'),
    nativePlace: needed('nativePlace'),
    marital: needed('marital'),
    political: needed('political'),
    education: needed('education'),
    school: needed('school'),
    major: needed('major'),
    graduationDate: date('graduationDate', afterBirth('graduationDate')),
    workStartDate: date('workStartDate', adult('workStartDate')),
    photo: needed('photo'),
    address: needed('address'),
    postcode: [...needed('postcode'), format(checkPostcode)],
    mobile: [...needed('mobile'), format(checkMobile)],
    officePhone: [...needed('officePhone'), format(checkOfficePhone)],
    email: [...needed('email'), format(checkEmail)],
    qq: [...needed('qq'), format(checkQq)],
    fullTime: needed('fullTime'),
    serviceStartDate: date('serviceStartDate', adult('serviceStartDate')),
    position: needed('position'),
    district: needed('district'),
    employer: needed('employer'),
    title: needed('title'),
    titleCertNo: needed('titleCertNo'),
    titleDate: date('titleDate', afterBirth('titleDate')),
    score: [required('请填写成绩'), format(checkScore)],
    fields: needed('fields'),
    experience: needed('experience'),
  } satisfies Record<Exclude<RecordFieldKey, 'titleScores'> | 'score', FormItemRule[]>
}
