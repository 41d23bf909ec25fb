// Account field checks, mirroring the core's so that most mistakes are caught
// before a round trip. The core checks again and has the last word.
import type { FormItemRule } from 'element-plus'

export const USERNAME_HINT = '账号为4–32位，以字母开头，只能包含字母、数字、下划线、点或连字符'
export const PASSWORD_HINT = '密码至少8位，须同时包含字母和数字'

export const USERNAME_MAX = 32
export const DISPLAY_NAME_MAX = 50
export const PASSWORD_MAX = 128

/** Returns the message for a bad username, or null when it is acceptable. */
export function checkUsername(value: string): string | null {
  if (value === '') return '请输入账号'
  if (!/^[A-Za-z][A-Za-z0-9_.-]{3,31}$/.test(value)) return USERNAME_HINT
  return null
}

export function checkDisplayName(value: string): string | null {
  const name = value.trim()
  if (name === '') return '请输入姓名'
  // Counted in characters, so a CJK Extension B name is not counted double.
  if ([...name].length > DISPLAY_NAME_MAX) return `姓名不能超过${DISPLAY_NAME_MAX}个字`
  if (/[\u0000-\u001f\u007f]/.test(name)) return '姓名不能包含控制字符'
  return null
}

export function checkPassword(value: string): string | null {
  if (value === '') return '请输入密码'
  if (value.length < 8 || !/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return PASSWORD_HINT
  if (value.length > PASSWORD_MAX) return `密码不能超过${PASSWORD_MAX}位`
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
): FormItemRule {
  return {
    required: true,
    trigger,
    validator: (_rule, value: unknown, callback) => {
      const message = check(typeof value === 'string' ? value : '')
      callback(message === null ? undefined : new Error(message))
    },
  }
}
