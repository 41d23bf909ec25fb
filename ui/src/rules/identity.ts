// Identity and contact checks, mirroring the core's (crates/core/src/validate.rs). The core
// checks again, against its own clock, and has the last word.
import { chinaToday } from '@/utils/time'

export const ID_NUMBER_LENGTH = 18
export const EMAIL_MAX = 254

/** GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  }
  const c = (12 - (sum % 11)) % 11
  return c === 10 ? 'X' : String(c)
}

/** 身份证号码: 18 characters, a real birth date from 1900 to today, and the right check character. */
export function checkIdNumber(value: string, today: string = chinaToday()): string | null {
  const s = value.trim()
  if (s === '') return '请输入身份证号码'
  if ([...s].length !== ID_NUMBER_LENGTH) return '身份证号码应为18位'
  if (!/^\d{17}[\dXx]$/.test(s)) return '身份证号码只能由数字组成，最后一位可以是X'
  const id = s.toUpperCase()
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (m < 1 || m > 12 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return '身份证号码中的出生日期不存在'
  }
  const birth = id.slice(6, 14).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')
  if (birth < '1900-01-01') return '身份证号码中的出生日期不能早于1900年'
  if (birth > today) return '出生日期不能晚于今天'
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号码校验位不正确'
  return null
}

/** The 11 digits of a mobile number with spaces, hyphens and a +86 / 86 prefix taken away. */
export function normaliseMobile(value: string): string {
  const compact = value.trim().replace(/[ \-\u3000\u00a0]/g, '')
  if (compact.startsWith('+86')) return compact.slice(3)
  if (compact.length === 13 && compact.startsWith('86')) return compact.slice(2)
  return compact
}

/** 手机号码: 11 digits starting with 1 and 3–9. */
export function checkMobile(value: string): string | null {
  if (value.trim() === '') return '请输入手机号码'
  if (!/^1[3-9]\d{9}$/.test(normaliseMobile(value))) return '手机号码应为以1开头的11位数字'
  return null
}

/** 电子邮箱: one @, a plain local part, a domain of at least two labels. */
export function checkEmail(value: string): string | null {
  const s = value.trim()
  if (s === '') return '请输入电子邮箱'
  if ([...s].length > EMAIL_MAX) return `电子邮箱不能超过${EMAIL_MAX}个字符`
  const at = s.indexOf('@')
  const bad = '电子邮箱格式不正确'
  if (at < 0) return bad
  const local = s.slice(0, at)
  const labels = s.slice(at + 1).split('.')
  const localOk =
    local.length >= 1 &&
    local.length <= 64 &&
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..')
  const domainOk =
    labels.length >= 2 &&
    labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1])
  return localOk && domainOk ? null : bad
}
