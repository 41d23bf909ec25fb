import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  mountAt,
  settle,
  typeInto,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('recover page', () => {
  it('asks for 账号 and 注册邮箱, both required', async () => {
    const calls = fakeCore({})
    ;({ wrapper } = await mountAt('/recover', { status: READY }))
    expect(wrapper.findAll('.el-form-item__label').map((l) => l.text())).toEqual(['账号', '注册邮箱'])
    expect(wrapper.findAll('.el-form-item.is-required')).toHaveLength(2)
    await clickTestId('recover-submit')
    await errorsShown()
    expect(errorBesideTestId('recover-username')).toBe('请输入账号')
    expect(errorBesideTestId('recover-email')).toBe('请输入注册邮箱')
    expect(calls).toHaveLength(0)
  })

  it('sends the request and says where the temporary password went', async () => {
    const calls = fakeCore({ recover_password: () => null })
    const mounted = await mountAt('/recover', { status: READY })
    wrapper = mounted.wrapper
    await typeInto('recover-username', ' zhang01 ')
    await typeInto('recover-email', 'zhang@example.cn')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(calls).toEqual([
      { name: 'recover_password', token: null, args: { username: 'zhang01', email: 'zhang@example.cn' } },
    ])
    expect(byTestId('recover-done').textContent).toContain(
      '临时密码已发送至您的注册邮箱，24小时内有效；登录后请立即修改密码',
    )
    await clickTestId('recover-done-login')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })

  it('shows a mismatch above the form and keeps what was typed', async () => {
    fakeCore({
      recover_password: () => {
        throw { code: 'conflict', message: '账号与注册邮箱不匹配', fields: null }
      },
    })
    ;({ wrapper } = await mountAt('/recover', { status: READY }))
    await typeInto('recover-username', 'zhang01')
    await typeInto('recover-email', 'other@example.cn')
    await clickTestId('recover-submit')
    expect(byTestId('recover-alert').textContent?.trim()).toBe('账号与注册邮箱不匹配')
    expect(byTestId<HTMLInputElement>('recover-username').value).toBe('zhang01')
    expect(byTestId<HTMLInputElement>('recover-email').value).toBe('other@example.cn')
  })

  it('重置 clears; 返回 goes back to login', async () => {
    fakeCore({})
    const mounted = await mountAt('/recover', { status: READY })
    wrapper = mounted.wrapper
    await typeInto('recover-username', 'zhang01')
    await typeInto('recover-email', 'zhang@example.cn')
    await clickTestId('recover-reset')
    expect(byTestId<HTMLInputElement>('recover-username').value).toBe('')
    expect(byTestId<HTMLInputElement>('recover-email').value).toBe('')
    await clickTestId('recover-back')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })
})
