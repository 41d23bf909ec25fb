import { describe, expect, it } from 'vitest'
import { activeMenuPath, menuFor } from './menu'

describe('menu', () => {
  it('gives workers 首页 and 个人信息维护', () => {
    expect(menuFor('worker').map((m) => m.title)).toEqual(['首页', '个人信息维护'])
  })

  it('gives reviewers 审核, 登记名册, 统计, 代录入 and 账号审核, and no worker or admin pages', () => {
    expect(menuFor('reviewer').map((m) => m.title)).toEqual(['首页', '审核', '登记名册', '统计', '代录入', '账号审核'])
    expect(menuFor('reviewer').find((m) => m.key === 'staff-review')?.badge).toBe('pendingReview')
  })

  it('gives admins the reviewer pages and the admin pages', () => {
    expect(menuFor('admin').map((m) => m.key)).toEqual([
      'home',
      'staff-review',
      'staff-roster',
      'staff-stats',
      'staff-enter',
      'staff-accounts',
      'admin-freeze',
      'admin-cards',
      'admin-accounts',
      'admin-security',
      'admin-mail',
      'admin-periods',
      'admin-outbox',
      'admin-login-log',
      'admin-audit',
    ])
    expect(menuFor('admin').map((m) => m.title)).toEqual([
      '首页',
      '审核',
      '登记名册',
      '统计',
      '代录入',
      '账号审核',
      '冻结管理',
      '发放社工卡',
      '账号管理',
      '安全设置',
      '邮件设置',
      '登记期限设置',
      '发件箱',
      '登录日志',
      '操作日志',
    ])
  })

  it('marks the entry a page sits under', () => {
    const items = menuFor('worker')
    expect(activeMenuPath(items, '/')).toBe('/')
    expect(activeMenuPath(items, '/my')).toBe('/my')
    expect(activeMenuPath(items, '/my/password')).toBe('/my')
    expect(activeMenuPath(items, '/mystery')).toBe('/mystery')
    const staff = menuFor('admin')
    expect(activeMenuPath(staff, '/staff/review/12')).toBe('/staff/review')
    expect(activeMenuPath(staff, '/staff/enter/7')).toBe('/staff/enter')
  })
})
