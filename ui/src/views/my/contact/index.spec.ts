import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Contact } from '@/api/generated/bindings'
import { recordView } from '@/components/record/fixtures'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  mountAt,
  session,
  toasts,
  typeInto,
  type FakeCore,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const current: Contact = {
  address: '厦门市思明区湖滨南路1号',
  postcode: '361000',
  mobile: '13800138000',
  officePhone: '0592-1234567',
  email: 'zhang@example.cn',
  qq: '',
}

async function open(handlers: FakeCore = {}) {
  const view = recordView({ status: 'registered', editable: false, lockedReason: '您已完成初次登记' })
  view.form.contact = { ...current }
  const calls = fakeCore({ record_form: () => view, ...handlers })
  const mounted = await mountAt('/my/contact', { status: READY, session: session('worker') })
  wrapper = mounted.wrapper
  return { calls, router: mounted.router }
}

const value = (testid: string) => byTestId<HTMLInputElement>(testid).value

describe('联系信息修改', () => {
  it('is prefilled with the current contact and saves it without review', async () => {
    const { calls } = await open({ update_contact: (args) => ({ ...args.contact, mobile: '13900139000' }) })
    expect(calls.find((c) => c.name === 'record_form')?.args).toEqual({ workerId: null, kind: 'initial' })
    expect(value('contact-address')).toBe('厦门市思明区湖滨南路1号')
    expect(value('contact-postcode')).toBe('361000')
    expect(value('contact-mobile')).toBe('13800138000')
    expect(value('contact-office-phone')).toBe('0592-1234567')
    expect(value('contact-email')).toBe('zhang@example.cn')
    expect(value('contact-qq')).toBe('')

    await typeInto('contact-mobile', '139 0013 9000')
    await typeInto('contact-qq', '123456')
    await clickTestId('contact-save')
    expect(calls.find((c) => c.name === 'update_contact')?.args).toEqual({
      workerId: null,
      contact: { ...current, mobile: '139 0013 9000', qq: '123456' },
    })
    expect(toasts()).toContain('联系信息已更新')
    expect(value('contact-mobile')).toBe('13900139000')
  })

  it('checks the fields first, and shows the core’s errors beside them', async () => {
    const { calls } = await open({
      update_contact: () => {
        throw { code: 'validation', message: '输入有误', fields: [{ field: 'email', message: '该电子邮箱格式不正确' }] }
      },
    })
    await typeInto('contact-postcode', '3610')
    await typeInto('contact-address', '')
    await clickTestId('contact-save')
    await errorsShown()
    expect(errorBesideTestId('contact-postcode')).toBe('邮编应为6位数字')
    expect(errorBesideTestId('contact-address')).toBe('请填写通讯地址')
    expect(calls.some((c) => c.name === 'update_contact')).toBe(false)

    await typeInto('contact-postcode', '361000')
    await typeInto('contact-address', '厦门市湖里区')
    await clickTestId('contact-save')
    await errorsShown()
    expect(errorBesideTestId('contact-email')).toBe('该电子邮箱格式不正确')
    expect(value('contact-address')).toBe('厦门市湖里区')
  })

  it('重置 goes back to the current values; 返回 to the hub', async () => {
    const { router } = await open()
    await typeInto('contact-address', '别处')
    await clickTestId('contact-reset')
    expect(value('contact-address')).toBe('厦门市思明区湖滨南路1号')
    await clickTestId('contact-back')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('my'), { timeout: 8000 })
  })
})
