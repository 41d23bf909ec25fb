import { describe, expect, it } from 'vitest'
import { checkAddress } from './address'

describe('checkAddress', () => {
  it('accepts the forms the shell accepts', () => {
    for (const ok of ['192.168.1.10:8443', 'https://swreg.example.gov.cn', 'https://[fe80::1]:8443', 'http://127.0.0.1:8080']) {
      expect(checkAddress(ok), ok).toBe('')
    }
  })

  it('says in Chinese what is wrong', () => {
    expect(checkAddress(' ')).toBe('请填写服务器地址')
    expect(checkAddress('ftp://x')).toBe('服务器地址应以 https:// 开头')
    expect(checkAddress('x:99999')).toBe('端口应为 1–65535 之间的数字')
    expect(checkAddress('https://x/path')).toContain('只写主机和端口')
    expect(checkAddress('a b')).toContain('主机名只能包含')
    expect(checkAddress('http://192.168.1.10:8080')).toContain('只能连接本机')
  })
})
