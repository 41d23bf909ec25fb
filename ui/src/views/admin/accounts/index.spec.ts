import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AccountQuery, CreateStaffArgs, ResetPasswordArgs, SetEnabledArgs, SetScopeArgs } from '@/api/generated/bindings'
import { CODES } from '@/views/staff/fixtures'
import {
  READY,
  accountRow,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  hasTestId,
  mountAt,
  session,
  settle,
  typeInto,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ME = accountRow('admin01', { id: 1, role: 'admin', status: 'active', displayName: '王管理' })
const ROWS = [
  ME,
  accountRow('zhang01', { status: 'active', lastLoginAt: '2026-12-01T08:30:00Z' }),
  accountRow('li02', { status: 'disabled', displayName: '李四', email: '' }),
  accountRow('wang03', { status: 'pending', displayName: '王五' }),
]

function core(extra: Parameters<typeof fakeCore>[0] = {}) {
  const queries: AccountQuery[] = []
  const calls = fakeCore({
    account_queue: () => ({ items: [], total: 0 }),
    code_tables: () => CODES,
    list_accounts: (q) => {
      queries.push(q)
      return { items: ROWS, total: ROWS.length }
    },
    ...extra,
  })
  return { calls, queries }
}

const radio = async (testid: string) => {
  byTestId(testid).querySelector('input')!.click()
  await settle()
}

describe('账号管理', () => {
  it('lists every account with the actions each one allows', async () => {
    const { queries } = core()
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    expect(queries[0]).toEqual({ role: null, status: null, search: '', page: 1, pageSize: 20 })
    expect(wrapper.text()).toContain('2026-12-01 16:30:00')
    expect(wrapper.text()).toContain('从未登录')
    expect(byTestId('account-status-li02').textContent?.trim()).toBe('已停用')
    expect(hasTestId('account-disable-zhang01')).toBe(true)
    expect(hasTestId('account-enable-li02')).toBe(true)
    expect(hasTestId('account-reset-li02')).toBe(true)
    // Not oneself; and registrations are handled in 账号审核.
    expect(hasTestId('account-disable-admin01')).toBe(false)
    expect(hasTestId('account-disable-wang03')).toBe(false)
    expect(hasTestId('account-reset-wang03')).toBe(false)
    expect(wrapper.text()).toContain('在账号审核中处理')
  })

  it('停用 asks first, then disables', async () => {
    const sets: SetEnabledArgs[] = []
    core({ set_account_enabled: (a) => (sets.push(a), null) })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await clickTestId('account-disable-zhang01')
    expect(byTestId('confirm-message').textContent).toContain('确定停用账号 zhang01（张三）吗？')
    await clickTestId('confirm-cancel')
    expect(sets).toHaveLength(0)
    await clickTestId('account-disable-zhang01')
    await clickTestId('confirm-ok')
    expect(sets).toEqual([{ userId: ROWS[1].id, enabled: false }])
    await clickTestId('account-enable-li02')
    await clickTestId('confirm-ok')
    expect(sets[1]).toEqual({ userId: ROWS[2].id, enabled: true })
  })

  it('重置密码 shown in person: the password once, in its own dialog, gone after closing', async () => {
    const resets: ResetPasswordArgs[] = []
    core({ reset_password: (a) => (resets.push(a), { password: 'Tmp9kX2mQ7pL', mailedTo: null }) })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await clickTestId('account-reset-zhang01')
    await clickTestId('reset-confirm')
    expect(resets).toEqual([{ userId: ROWS[1].id, handover: 'show' }])
    expect(byTestId('temp-password').textContent).toBe('Tmp9kX2mQ7pL')
    expect(document.body.textContent).toContain('请当面告知本人，关闭后将无法再次查看')
    expect(byTestId('temp-password-copy').textContent?.trim()).toBe('复制')
    await clickTestId('temp-password-close')
    await new Promise((r) => setTimeout(r, 400))
    expect(document.body.textContent).not.toContain('Tmp9kX2mQ7pL')
  })

  it('重置密码 by mail says where it went; mail is offered only with an address', async () => {
    const resets: ResetPasswordArgs[] = []
    core({ reset_password: (a) => (resets.push(a), { password: null, mailedTo: 'zhang01@example.cn' }) })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await clickTestId('account-reset-li02')
    expect(byTestId('reset-handover-mail').classList.contains('is-disabled')).toBe(true)
    await clickTestId('reset-cancel')
    await clickTestId('account-reset-zhang01')
    await radio('reset-handover-mail')
    await clickTestId('reset-confirm')
    expect(resets).toEqual([{ userId: ROWS[1].id, handover: 'mail' }])
    expect(byTestId('temp-password-mailed').textContent).toContain('临时密码已发送至 zhang01@example.cn')
    expect(hasTestId('temp-password')).toBe(false)
  })

  it('新建工作人员账号: checks, creates and shows the temporary password', async () => {
    const created: CreateStaffArgs[] = []
    core({ create_staff: (a) => (created.push(a), { password: 'Abc123456789', mailedTo: null }) })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await clickTestId('account-create')
    await radio('staff-handover-mail')
    await clickTestId('staff-submit')
    await errorsShown()
    expect(errorBesideTestId('staff-username')).toBe('请输入账号')
    expect(errorBesideTestId('staff-display-name')).toBe('请输入姓名')
    expect(errorBesideTestId('staff-email')).toBe('选择邮件发送临时密码时须填写电子邮箱')
    expect(created).toHaveLength(0)

    await radio('staff-handover-show')
    await typeInto('staff-username', 'shen01')
    await typeInto('staff-display-name', '沈审核')
    await radio('staff-role-admin')
    await clickTestId('staff-submit')
    expect(created).toEqual([
      { username: 'shen01', displayName: '沈审核', role: 'admin', email: '', handover: 'show' },
    ])
    expect(byTestId('temp-password').textContent).toBe('Abc123456789')
    expect(document.body.textContent).toContain('管理员账号：shen01（沈审核）')
  })

  it('shows the core’s refusal of a new account beside the field', async () => {
    core({
      create_staff: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'username', message: '该账号已存在' }] }
      },
    })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await clickTestId('account-create')
    await typeInto('staff-username', 'zhang01')
    await typeInto('staff-display-name', '张三')
    await clickTestId('staff-submit')
    await errorsShown()
    expect(errorBesideTestId('staff-username')).toBe('该账号已存在')
    expect(byTestId<HTMLInputElement>('staff-display-name').value).toBe('张三')
  })

  it('is for admins only', async () => {
    fakeCore({ account_queue: () => ({ items: [], total: 0 }) })
    const mounted = await mountAt('/admin/accounts', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('home'))
    expect(hasTestId('menu-admin-accounts')).toBe(false)
  })

  it('shows each staff account’s 审核范围 and changes it, with the refusal beside the choice', async () => {
    const scopes: SetScopeArgs[] = []
    const rows = [ME, accountRow('siming', { role: 'reviewer', status: 'active', displayName: '林思明', reviewScope: '350203' })]
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      code_tables: () => CODES,
      list_accounts: () => ({ items: rows, total: rows.length }),
      set_review_scope: (args) => {
        scopes.push(args)
        if (args.scope === null) throw { code: 'conflict', message: '二级审核已开启，此项修改会使申请无人审核：思明区没有在用的初审审核员', fields: null }
        return null
      },
    })
    ;({ wrapper } = await mountAt('/admin/accounts', { status: READY, session: session('admin') }))
    await vi.waitFor(() => expect(byTestId('account-scope-siming').textContent).toBe('思明区'))
    expect(byTestId('account-scope-admin01').textContent).toBe('全市')
    await clickTestId('account-scope-edit-siming')
    await settle()
    const select = document.querySelector<HTMLElement>('[data-testid="scope-select"]')!
    expect(select).not.toBeNull()
    // Pick 全市 through the dialog's select.
    select.click()
    await settle()
    document.querySelector<HTMLElement>('[data-testid="scope-city"]')!.click()
    await settle()
    await clickTestId('scope-save')
    await errorsShown()
    expect(errorBesideTestId('scope-select')).toContain('思明区没有在用的初审审核员')
    document.querySelector<HTMLElement>('[data-testid="scope-350206"]')!.click()
    await settle()
    await clickTestId('scope-save')
    expect(scopes).toEqual([
      { userId: rows[1].id, scope: null },
      { userId: rows[1].id, scope: '350206' },
    ])
  })
})
