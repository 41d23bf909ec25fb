import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { UserInfo } from '@/api/generated/bindings'
import { useSessionStore } from '@/stores/session'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  hasTestId,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
  user,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function fill(oldPassword: string, newPassword: string, confirm: string) {
  await typeInto('password-old', oldPassword)
  await typeInto('password-new', newPassword)
  await typeInto('password-confirm', confirm)
}

describe('密码修改', () => {
  // Mounts the hub and then the app a second time: slow on a busy machine.
  it('is on the worker hub and in everyone’s user menu', { timeout: 20_000 }, async () => {
    fakeCore({})
    const mounted = await mountAt('/my', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    await clickTestId('my-password')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('password'), { timeout: 8000 })
    wrapper.unmount()

    const staff = await mountAt('/', { status: READY, session: session('reviewer') })
    wrapper = staff.wrapper
    await clickTestId('user-menu')
    await clickTestId('user-menu-password')
    await vi.waitFor(() => expect(staff.router.currentRoute.value.name).toBe('password'), { timeout: 8000 })
  })

  it('checks the fields first', async () => {
    const calls = fakeCore({})
    ;({ wrapper } = await mountAt('/my/password', { status: READY, session: session('worker') }))
    expect(wrapper.findAll('.el-form-item.is-required')).toHaveLength(3)
    await fill('', 'abcdefgh', 'abcdefgx')
    await clickTestId('password-save')
    await errorsShown()
    expect(errorBesideTestId('password-old')).toBe('请输入旧密码')
    expect(errorBesideTestId('password-new')).toBe('密码至少8位，须同时包含字母和数字')
    expect(errorBesideTestId('password-confirm')).toBe('两次输入的新密码不一致')
    // Nothing was sent: the only call is the read of the password rules when the page opened.
    expect(calls.map((c) => c.name)).toEqual(['password_rules'])
  })

  it('checks the new password against the rules of 安全设置 and says them', async () => {
    const calls = fakeCore({
      password_rules: () => ({ letters: true, digits: true, symbols: true }),
      change_password: () => user('worker'),
    })
    ;({ wrapper } = await mountAt('/my/password', { status: READY, session: session('worker') }))
    await vi.waitFor(() =>
      expect(byTestId<HTMLInputElement>('password-new').getAttribute('placeholder')).toBe('8–64位，须同时包含字母、数字和符号'),
    )
    expect(wrapper.text()).toContain('密码至少8位，须同时包含字母、数字和符号，且不能与旧密码相同。')
    await fill('old12345', 'new12345', 'new12345')
    await clickTestId('password-save')
    await errorsShown()
    expect(errorBesideTestId('password-new')).toBe('密码至少8位，须同时包含字母、数字和符号')
    expect(calls.some((c) => c.name === 'change_password')).toBe(false)
    await fill('old12345', 'new-12345', 'new-12345')
    await clickTestId('password-save')
    await settle()
    expect(calls.some((c) => c.name === 'change_password')).toBe(true)
  })

  it('saves (Enter too), keeps the new user, says so and returns to the hub for a worker', async () => {
    const changed: UserInfo = user('worker')
    const calls = fakeCore({ change_password: () => changed })
    const mounted = await mountAt('/my/password', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    await fill('old12345', 'new12345', 'new12345')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(calls.find((c) => c.name === 'change_password')).toEqual({
      name: 'change_password',
      token: 'token-worker',
      args: { oldPassword: 'old12345', newPassword: 'new12345', newPasswordConfirm: 'new12345' },
    })
    expect(toasts()).toContain('密码已修改')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('my'))
  })

  it('returns staff to 首页', async () => {
    fakeCore({ change_password: () => user('admin') })
    const mounted = await mountAt('/my/password', { status: READY, session: session('admin') })
    wrapper = mounted.wrapper
    await clickTestId('password-back')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('home'))
  })

  it('shows a wrong old password beside it and clears only that field', async () => {
    fakeCore({
      change_password: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'oldPassword', message: '旧密码不正确' }] }
      },
    })
    ;({ wrapper } = await mountAt('/my/password', { status: READY, session: session('worker') }))
    await fill('wrong123', 'new12345', 'new12345')
    await clickTestId('password-save')
    await errorsShown()
    expect(errorBesideTestId('password-old')).toBe('旧密码不正确')
    expect(byTestId<HTMLInputElement>('password-old').value).toBe('')
    expect(byTestId<HTMLInputElement>('password-new').value).toBe('new12345')
  })

  it('重置 clears the three fields', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/my/password', { status: READY, session: session('worker') }))
    await fill('old12345', 'new12345', 'new12345')
    await clickTestId('password-reset')
    for (const t of ['password-old', 'password-new', 'password-confirm']) {
      expect(byTestId<HTMLInputElement>(t).value).toBe('')
    }
  })

  it('with a temporary password: banner, no way elsewhere until changed, then free', async () => {
    fakeCore({ change_password: () => user('worker') })
    const mounted = await mountAt('/my', { status: READY, session: session('worker', { mustChangePassword: true }) })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('password')
    expect(byTestId('password-forced-banner').textContent).toContain('您正在使用临时密码，请先设置新密码')
    expect(byTestId<HTMLButtonElement>('password-back').disabled).toBe(true)

    await mounted.router.push('/').catch(() => {})
    await settle()
    expect(mounted.router.currentRoute.value.name).toBe('password')

    await fill('Temp12345678', 'new12345', 'new12345')
    await clickTestId('password-save')
    expect(useSessionStore().user?.mustChangePassword).toBe(false)
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('my'))
    expect(hasTestId('password-forced-banner')).toBe(false)
  })
  it('with an expired password: says so and asks for the current password, not a temporary one', async () => {
    fakeCore({ change_password: () => user('worker') })
    const mounted = await mountAt('/my', {
      status: READY,
      session: session('worker', { mustChangePassword: true, passwordExpired: true }),
    })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('password')
    const banner = byTestId('password-forced-banner').textContent ?? ''
    expect(banner).toContain('您的密码已超过有效期，请先设置新密码')
    expect(banner).not.toContain('临时密码')
    expect(byTestId<HTMLInputElement>('password-old').placeholder).toBe('请输入当前密码')
  })
})
