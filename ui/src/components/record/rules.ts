// Instant checks for the registration form, mirroring the core's (crates/core/src/record.rs and
// validate.rs). They only catch a badly typed value as the cursor leaves a field; whether a field
// may stay empty is the core's call on 提交审核, and it checks everything again.
import type { FormItemRule } from 'element-plus'
import type { RecordForm } from '@/api/bindings'
import { checkDisplayName } from '@/rules/account'
import { checkEmail, checkIdNumber, checkMobile } from '@/rules/identity'
import { chinaToday } from '@/utils/time'

/**
 * A trigger no input fires: the rule only puts the `*` on its field. 保存资料 keeps drafts
 * incomplete, and 提交审核 lets the core name every missing field at once.
 */
const MARK_ONLY = 'submit'

function required(message: string): FormItemRule {
  return { required: true, message, trigger: MARK_ONLY }
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
  const adult = (message: string) => () => (birth() ? { from: plusYears(birth(), 16), message } : null)
  return {
    name: [required('请填写姓名'), format(checkDisplayName)],
    sex: [required('请选择性别')],
    idNumber: [
      required('请填写身份证号码'),
      format((v) => {
        const bad = checkIdNumber(v)
        if (bad) return bad
        const facts = idNumberFacts(v)!
        const f = form()
        if (f.birthDate && f.birthDate !== facts.birthDate) return '身份证号码中的出生日期与所填出生日期不一致'
        if ((f.sex === '1' && !facts.male) || (f.sex === '2' && facts.male)) {
          return '身份证号码中的性别与所选性别不一致'
        }
        return null
      }),
    ],
    birthDate: [required('请选择出生日期'), dateRule('出生日期')],
    ethnicity: [required('请选择民族')],
    xiamenHukou: [required('请选择是否厦门户籍')],
    nativePlace: [required('请填写籍贯')],
    marital: [],
    political: [required('请选择政治面貌')],
    education: [required('请选择学历程度')],
    school: [required('请填写毕业院校')],
    major: [required('请填写所学专业')],
    graduationDate: [
      required('请选择毕业时间'),
      dateRule('毕业时间', () => (birth() ? { after: birth(), message: '毕业时间应晚于出生日期' } : null)),
    ],
    workStartDate: [required('请选择参加工作时间'), dateRule('参加工作时间', adult('参加工作时间应在年满16周岁之后'))],
    photo: [required('请上传个人照片')],
    address: [required('请填写通讯地址')],
    postcode: [required('请填写邮编'), format(checkPostcode)],
    mobile: [required('请填写手机号码'), format(checkMobile)],
    officePhone: [format(checkOfficePhone)],
    email: [required('请填写电子邮箱'), format(checkEmail)],
    qq: [format(checkQq)],
    fullTime: [required('请选择是否专职从事社会工作服务')],
    serviceStartDate: [
      required('请选择从事社会工作服务时间'),
      dateRule('从事社会工作服务时间', adult('从事社会工作服务时间应在年满16周岁之后')),
    ],
    position: [required('请选择职务')],
    district: [required('请选择所在区')],
    employer: [required('请填写目前所在单位')],
    title: [],
    titleCertNo: [required('选择职称后须填写证书编号')],
    titleDate: [
      required('选择职称后须填写取得时间'),
      dateRule('取得时间', () => (birth() ? { after: birth(), message: '取得时间应晚于出生日期' } : null)),
    ],
    score: [required('请填写成绩'), format(checkScore)],
    fields: [required('请至少选择一个执业领域')],
    experience: [required('请填写从业经历与业绩')],
  }
}
