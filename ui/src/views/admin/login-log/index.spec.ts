import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { LoginLogQuery, LoginLogRow } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, fakeCore, mountAt, session, settle, typeInto } from '@/testing'
import { OUTCOMES } from './outcomes'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ROWS: LoginLogRow[] = [
  { id: 3, at: '2026-12-01T08:30:00Z', username: 'zhang01', outcome: 'locked' },
  { id: 2, at: '2026-12-01T08:29:00Z', username: 'zhang01', outcome: 'wrong_password' },
  { id: 1, at: '2026-11-30T16:00:00Z', username: 'admin', outcome: 'success' },
]

describe('登录日志', () => {
  it('lists attempts in China time with their outcome in Chinese', async () => {
    const queries: LoginLogQuery[] = []
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      login_log: (q) => (queries.push(q), { items: ROWS, total: 45 }),
    })
    ;({ wrapper } = await mountAt('/admin/login-log', { status: READY, session: session('admin') }))
    expect(queries[0]).toEqual({ username: '', outcome: '', from: '', to: '', page: 1, pageSize: 20 })
    const rows = wrapper.findAll('.el-table__body-wrapper tr')
    expect(rows[0].text()).toContain('2026-12-01 16:30:00')
    expect(rows[0].text()).toContain('已锁定')
    expect(rows[1].text()).toContain('密码错误')
    expect(rows[2].text()).toContain('2026-12-01 00:00:00')
    expect(rows[2].find('.el-tag--success').text()).toBe('成功')
    expect(wrapper.text()).toContain('共 45 条')

    await typeInto('log-username', 'zhang')
    await clickTestId('log-search')
    expect(queries[queries.length - 1]).toMatchObject({ username: 'zhang', page: 1 })
    wrapper.findAll('.el-pager li')[1].element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(queries[queries.length - 1]).toMatchObject({ username: 'zhang', page: 2 })
  })

  it('names every outcome the core writes', () => {
    expect(OUTCOMES.map((o) => o.value)).toEqual([
      'success',
      'wrong_password',
      'wrong_captcha',
      'locked',
      'pending',
      'rejected',
      'disabled',
      'expired',
      'outside_network',
    ])
    expect(OUTCOMES.map((o) => o.label)).toEqual([
      '成功',
      '密码错误',
      '验证码错误',
      '已锁定',
      '待审核',
      '未通过',
      '已停用',
      '临时密码过期',
      '不在工作人员网络',
    ])
  })

  it('says when nothing matches', async () => {
    fakeCore({ account_queue: () => ({ items: [], total: 0 }), login_log: () => ({ items: [], total: 0 }) })
    ;({ wrapper } = await mountAt('/admin/login-log', { status: READY, session: session('admin') }))
    expect(byTestId('log-empty').textContent).toBe('暂无登录记录：每次登录尝试都会记录在这里')
  })
})
