import { describe, expect, it } from 'vitest'
import { activeMenuPath, isGroup, menuFor, menuItems, openGroups, type MenuEntry } from './menu'

/** The menu as titles, a group as its title with its entries' titles. */
const outline = (entries: MenuEntry[]) =>
  entries.map((e) => (isGroup(e) ? { [e.title]: e.children.map((c) => c.title) } : e.title))

describe('menu', () => {
  it('gives workers 首页 and 个人信息维护', () => {
    expect(outline(menuFor('worker'))).toEqual(['首页', '个人信息维护'])
  })

  it('gives reviewers 审核, 登记名册, 导入, 统计, 代录入 and 账号审核, and no worker or admin pages', () => {
    expect(outline(menuFor('reviewer'))).toEqual(['首页', '审核', '登记名册', '导入', '统计', '代录入', '账号审核'])
    expect(menuItems(menuFor('reviewer')).find((m) => m.key === 'staff-review')?.badge).toBe('pendingReview')
  })

  it('gives admins the reviewer pages at the top and the admin pages in groups', () => {
    expect(outline(menuFor('admin'))).toEqual([
      '首页',
      '审核',
      '登记名册',
      '导入',
      '统计',
      '代录入',
      '账号审核',
      { 登记管理: ['冻结管理', '发放社工卡', '登记期限设置'] },
      { 系统管理: ['账号管理', '安全设置', '邮件设置', '发件箱', '数据备份', '连接设置'] },
      { 日志管理: ['登录日志', '操作日志', '访问日志'] },
    ])
    expect(menuItems(menuFor('admin')).map((m) => m.key)).toEqual([
      'home',
      'staff-review',
      'staff-roster',
      'staff-import',
      'staff-stats',
      'staff-enter',
      'staff-accounts',
      'admin-freeze',
      'admin-cards',
      'admin-periods',
      'admin-accounts',
      'admin-security',
      'admin-mail',
      'admin-outbox',
      'admin-backup',
      'admin-connection',
      'admin-login-log',
      'admin-audit',
      'admin-access',
    ])
  })

  it('leaves the desktop app\'s own 连接设置 out of a browser\'s menu', () => {
    const web = menuItems(menuFor('admin', false)).map((m) => m.key)
    expect(web).not.toContain('admin-connection')
    expect(web).toContain('admin-backup')
    expect(menuFor('worker', false)).toEqual(menuFor('worker'))
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
    expect(activeMenuPath(staff, '/admin/audit')).toBe('/admin/audit')
  })

  it('opens the group of the page shown, and no other', () => {
    const admin = menuFor('admin')
    expect(openGroups(admin, '/admin/mail')).toEqual(['system'])
    expect(openGroups(admin, '/admin/freeze')).toEqual(['registry'])
    expect(openGroups(admin, '/admin/login-log')).toEqual(['logs'])
    expect(openGroups(admin, '/staff/roster')).toEqual([])
    expect(openGroups(admin, '/')).toEqual([])
  })
})
