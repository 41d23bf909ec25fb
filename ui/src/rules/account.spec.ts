import { describe, expect, it } from 'vitest'
import {
  PASSWORD_HINT,
  USERNAME_HINT,
  checkDisplayName,
  checkPassword,
  passwordHint,
  passwordPlaceholder,
  checkPasswordConfirm,
  checkUsername,
} from './account'

describe('account rules', () => {
  it('accepts a username of 4–32 letters, digits, _ . - starting with a letter', () => {
    for (const ok of ['abcd', 'admin', 'a_b.c-1', `a${'b'.repeat(31)}`, 'Zhang3']) {
      expect(checkUsername(ok), ok).toBeNull()
    }
  })

  it('refuses any other username', () => {
    expect(checkUsername('')).toBe('请输入账号')
    for (const bad of ['abc', `a${'b'.repeat(32)}`, '1abc', '_abc', 'ab cd', '张三丰啊', 'abc@d']) {
      expect(checkUsername(bad), bad).toBe(USERNAME_HINT)
    }
  })

  it('wants a name, trimmed, and keeps rare characters and the middle dot', () => {
    expect(checkDisplayName('  ')).toBe('请输入姓名')
    expect(checkDisplayName('阿依古丽·买买提')).toBeNull()
    expect(checkDisplayName('𠀾𠁿')).toBeNull()
    expect(checkDisplayName('𠀾'.repeat(30))).toBeNull()
    expect(checkDisplayName('Anna Maria')).toBeNull()
    expect(checkDisplayName('阿依古丽・买买提')).toBeNull()
    expect(checkDisplayName('名'.repeat(31))).toBe('姓名应为2至30个字')
    expect(checkDisplayName('张')).toBe('姓名应为2至30个字')
    expect(checkDisplayName('张\u0007三')).toBe('姓名不能包含控制字符')
    expect(checkDisplayName('张3')).toBe('姓名只能包含汉字、英文字母、空格和间隔号“·”')
    expect(checkDisplayName('·张三')).toBe('间隔号“·”只能用在两个字之间')
    expect(checkDisplayName('张 三')).toBe('空格只能用在英文字母之间')
  })

  it('wants a password of at least 8 with letters and digits', () => {
    expect(checkPassword('')).toBe('请输入密码')
    expect(checkPassword('abc1234')).toBe(PASSWORD_HINT)
    expect(checkPassword('abcdefgh')).toBe(PASSWORD_HINT)
    expect(checkPassword('12345678')).toBe(PASSWORD_HINT)
    expect(checkPassword('abcd1234')).toBeNull()
    expect(checkPassword('密码abc12345')).toBeNull()
    expect(checkPassword(`a1${'b'.repeat(62)}`)).toBeNull()
    expect(checkPassword(`a1${'b'.repeat(63)}`)).toBe('密码不能超过64位')
    expect(checkPassword('abcd1234\u0000')).toBe('密码不能包含控制字符')
    expect(PASSWORD_HINT).toBe('密码至少8位，须同时包含字母和数字')
  })

  it('wants the character classes 安全设置 asks for, as the core counts them', () => {
    const all = { letters: true, digits: true, symbols: true }
    expect(checkPassword('abcd1234', all)).toBe('密码至少8位，须同时包含字母、数字和符号')
    expect(checkPassword('abcd-1234', all)).toBeNull()
    // Anything but an ASCII letter or digit and white space is a symbol, a Chinese character too.
    expect(checkPassword('密码abc12345', all)).toBeNull()
    expect(checkPassword('abcd 1234', all)).toBe('密码至少8位，须同时包含字母、数字和符号')
    const letters = { letters: true, digits: false, symbols: false }
    expect(checkPassword('abcdefgh', letters)).toBeNull()
    expect(checkPassword('12345678', letters)).toBe('密码至少8位，须包含字母')
    expect(checkPassword('abc', { letters: false, digits: false, symbols: false })).toBe('密码至少8位')
    expect(passwordPlaceholder(all)).toBe('8–64位，须同时包含字母、数字和符号')
    expect(passwordPlaceholder()).toBe('8–64位，须同时包含字母和数字')
    expect(passwordHint({ letters: false, digits: true, symbols: true })).toBe('密码至少8位，须同时包含数字和符号')
  })

  it('wants the confirmation equal to the password', () => {
    expect(checkPasswordConfirm('', 'abcd1234')).toBe('请再次输入密码')
    expect(checkPasswordConfirm('abcd1235', 'abcd1234')).toBe('两次输入的密码不一致')
    expect(checkPasswordConfirm('abcd1234', 'abcd1234')).toBeNull()
  })
})
