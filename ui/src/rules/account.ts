// Account field checks, mirroring the core's (crates/core/src/validate.rs) so that most
// mistakes are caught before a round trip. The core checks again and has the last word.
import type { FormItemRule } from 'element-plus'
import type { PasswordRules } from '@/api/generated/bindings'

export const USERNAME_HINT = '账号为4–32位，以字母开头，只能包含字母、数字、下划线、点或连字符'
/** The character classes a password must contain unless 安全设置 says otherwise (the core's default). */
export const DEFAULT_PASSWORD_RULES: PasswordRules = { letters: true, digits: true, symbols: false }

function classNames(r: PasswordRules): string {
  const names = [r.letters && '字母', r.digits && '数字', r.symbols && '符号'].filter((n): n is string => !!n)
  if (names.length === 0) return ''
  if (names.length === 1) return `须包含${names[0]}`
  return `须同时包含${names.slice(0, -1).join('、')}和${names[names.length - 1]}`
}

/** What a password must be under these rules, said as the core says it. */
export function passwordHint(r: PasswordRules = DEFAULT_PASSWORD_RULES): string {
  const classes = classNames(r)
  return classes ? `密码至少8位，${classes}` : '密码至少8位'
}

/** The placeholder of a field where a new password is chosen. */
export function passwordPlaceholder(r: PasswordRules = DEFAULT_PASSWORD_RULES): string {
  const classes = classNames(r)
  return classes ? `8–64位，${classes}` : '8–64位'
}

export const PASSWORD_HINT = passwordHint()

export const USERNAME_MAX = 32
export const DISPLAY_NAME_MIN = 2
export const DISPLAY_NAME_MAX = 30
export const PASSWORD_MAX = 64

// C0 and C1 controls and DEL; the core refuses them in every text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Returns the message for a bad username, or null when it is acceptable. */
export function checkUsername(value: string): string | null {
  const name = value.trim()
  if (name === '') return '请输入账号'
  if (!/^[A-Za-z][A-Za-z0-9_.-]{3,31}$/.test(name)) return USERNAME_HINT
  return null
}

/** A CJK ideograph, the same blocks the core accepts (basic, Extensions A–J, compatibility, 〇). */
function isCjk(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0
  return (
    cp === 0x3007 ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2ee5f) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f) ||
    (cp >= 0x30000 && cp <= 0x3347f)
  )
}

const DOT = '\u00b7'
const isLatin = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c)
const isNameChar = (c: string | undefined) => c !== undefined && (isCjk(c) || isLatin(c))

/** 姓名: 2–30 characters of CJK (rare ones too) or Latin letters, with · between two of them. */
export function checkDisplayName(value: string): string | null {
  const name = value.trim()
  if (name === '') return '请输入姓名'
  if (CONTROL.test(name)) return '姓名不能包含控制字符'
  // Counted in characters, so a CJK Extension B name is not counted double. The core reads
  // the katakana middle dot and the bullet as ·, and a run of spaces as one.
  const chars: string[] = []
  for (const raw of name) {
    const c = raw === '\u30fb' || raw === '\u2022' ? DOT : raw === '\u3000' ? ' ' : raw
    if (c === ' ' && chars[chars.length - 1] === ' ') continue
    if (!(isNameChar(c) || c === ' ' || c === DOT)) return '姓名只能包含汉字、英文字母、空格和间隔号“·”'
    chars.push(c)
  }
  for (let i = 0; i < chars.length; i++) {
    const [prev, c, next] = [chars[i - 1], chars[i], chars[i + 1]]
    if (c === DOT && !(isNameChar(prev) && isNameChar(next))) return '间隔号“·”只能用在两个字之间'
    if (c === ' ' && !(isLatin(prev) && isLatin(next))) return '空格只能用在英文字母之间'
  }
  if (chars.length < DISPLAY_NAME_MIN || chars.length > DISPLAY_NAME_MAX) {
    return `姓名应为${DISPLAY_NAME_MIN}至${DISPLAY_NAME_MAX}个字`
  }
  return null
}

/**
 * Taken as typed: spaces count and are not trimmed. A symbol is any character that is neither
 * an ASCII letter or digit nor white space (a Chinese character counts), as in the core.
 */
export function checkPassword(value: string, r: PasswordRules = DEFAULT_PASSWORD_RULES): string | null {
  if (value === '') return '请输入密码'
  if (CONTROL.test(value)) return '密码不能包含控制字符'
  const length = [...value].length
  if (length > PASSWORD_MAX) return `密码不能超过${PASSWORD_MAX}位`
  const missing =
    (r.letters && !/[A-Za-z]/.test(value)) ||
    (r.digits && !/[0-9]/.test(value)) ||
    (r.symbols && !/[^A-Za-z0-9\s]/.test(value))
  if (length < 8 || missing) return passwordHint(r)
  return null
}

export function checkPasswordConfirm(value: string, password: string): string | null {
  if (value === '') return '请再次输入密码'
  if (value !== password) return '两次输入的密码不一致'
  return null
}

/** Turns a check into an el-form rule. */
export function rule(
  check: (value: string) => string | null,
  trigger: 'blur' | 'change' | Array<'blur' | 'change'> = 'blur',
  required = true,
): FormItemRule {
  return {
    required,
    trigger,
    validator: (_rule, value: unknown, callback) => {
      const message = check(typeof value === 'string' ? value : '')
      callback(message === null ? undefined : new Error(message))
    },
  }
}
