import { describe, expect, it } from 'vitest'
import { activeMenuPath, menuFor } from './menu'

describe('menu', () => {
  it('gives workers 首页 and 个人信息维护', () => {
    expect(menuFor('worker').map((m) => m.title)).toEqual(['首页', '个人信息维护'])
  })

  it('gives reviewers 账号审核 and no worker or admin pages', () => {
    expect(menuFor('reviewer').map((m) => m.title)).toEqual(['首页', '账号审核'])
  })

  it('gives admins the reviewer pages and the admin pages', () => {
    expect(menuFor('admin').map((m) => m.key)).toEqual([
      'home',
      'staff-accounts',
      'admin-accounts',
      'admin-security',
      'admin-mail',
      'admin-outbox',
      'admin-login-log',
    ])
    expect(menuFor('admin').map((m) => m.title)).toEqual([
      '首页',
      '账号审核',
      '账号管理',
      '安全设置',
      '邮件设置',
      '发件箱',
      '登录日志',
    ])
  })

  it('marks the entry a page sits under', () => {
    const items = menuFor('worker')
    expect(activeMenuPath(items, '/')).toBe('/')
    expect(activeMenuPath(items, '/my')).toBe('/my')
    expect(activeMenuPath(items, '/my/password')).toBe('/my')
    expect(activeMenuPath(items, '/mystery')).toBe('/mystery')
  })
})
