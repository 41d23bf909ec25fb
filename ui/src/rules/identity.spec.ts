import { describe, expect, it } from 'vitest'
import { checkEmail, checkIdNumber, checkMobile, idCheckChar, normaliseMobile } from './identity'

const TODAY = '2024-06-15'

/** A valid number from region, birth date and sequence. */
function id(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`
  return first17 + idCheckChar(first17)
}

describe('身份证号码', () => {
  it('computes the GB 11643 check character', () => {
    // The standard's own example.
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(checkIdNumber('11010519491231002X', TODAY)).toBeNull()
    expect(checkIdNumber('11010519491231002x', TODAY)).toBeNull()
  })

  it('accepts a real number, trimmed', () => {
    expect(checkIdNumber(` ${id('350203', '19900307', '123')} `, TODAY)).toBeNull()
  })

  it('says what is wrong', () => {
    expect(checkIdNumber('', TODAY)).toBe('请输入身份证号码')
    expect(checkIdNumber('35020319900307123', TODAY)).toBe('身份证号码应为18位')
    expect(checkIdNumber('3502031990030712A4', TODAY)).toBe('身份证号码只能由数字组成，最后一位可以是X')
    expect(checkIdNumber(id('350203', '19900230', '123'), TODAY)).toBe('身份证号码中的出生日期不存在')
    expect(checkIdNumber(id('350203', '18991231', '123'), TODAY)).toBe('身份证号码中的出生日期不能早于1900年')
    expect(checkIdNumber(id('350203', '20240616', '123'), TODAY)).toBe('出生日期不能晚于今天')
    const good = id('350203', '19900307', '123')
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(checkIdNumber(wrong, TODAY)).toBe('身份证号码校验位不正确')
  })
})

describe('手机号码', () => {
  it('takes 11 digits starting with 1, with +86 and spaces', () => {
    expect(checkMobile('13800138000')).toBeNull()
    expect(checkMobile('+86 138 0013 8000')).toBeNull()
    expect(checkMobile('86-138-0013-8000')).toBeNull()
    expect(normaliseMobile('+86 138 0013 8000')).toBe('13800138000')
  })

  it('refuses anything else', () => {
    expect(checkMobile('')).toBe('请输入手机号码')
    for (const bad of ['1380013800', '23800138000', '12800138000', '138001380001', '1380013800a']) {
      expect(checkMobile(bad), bad).toBe('手机号码应为以1开头的11位数字')
    }
  })
})

describe('电子邮箱', () => {
  it('takes ordinary addresses', () => {
    for (const ok of ['a@b.cn', 'zhang.san+x@mail.xm.gov.cn', ' li_si@163.com ']) {
      expect(checkEmail(ok), ok).toBeNull()
    }
  })

  it('refuses malformed ones', () => {
    expect(checkEmail(' ')).toBe('请输入电子邮箱')
    for (const bad of ['ab.cn', 'a@b', 'a@@b.cn', '.a@b.cn', 'a..b@c.cn', 'a@-b.cn', 'a@b.123', '张@b.cn', 'a b@c.cn']) {
      expect(checkEmail(bad), bad).toBe('电子邮箱格式不正确')
    }
  })
})
