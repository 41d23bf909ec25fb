import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { hub } from '@/components/record/fixtures'
import { READY, byTestId, clickTestId, fakeCore, hasTestId, mountAt, session } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ORDER = [
  'password',
  'register',
  'modify',
  'modification_request',
  'print',
  'contact',
  'renewal',
  'restoration',
  'card_replacement',
  'renewal_list',
  'restoration_list',
  'approval_list',
]

const button = (key: string) => byTestId<HTMLButtonElement>(`my-${key}`)

describe('个人信息维护', () => {
  it('shows the account and the record’s standing', async () => {
    fakeCore({
      hub: () =>
        hub({}, {
          status: 'registered',
          registrationNo: '厦社登202600001',
          validUntil: '2027-12-01',
          cardNo: 'XM0001',
          cardSerial: 'S0002',
        }),
    })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-username').textContent).toBe('worker01')
    expect(byTestId('my-display-name').textContent).toBe('张三')
    expect(byTestId('my-status').textContent?.trim()).toBe('已登记')
    expect(byTestId('my-registration-no').textContent).toBe('厦社登202600001')
    expect(byTestId('my-valid-until').textContent).toBe('2027-12-01')
    expect(byTestId('my-card-no').textContent).toBe('XM0001')
    expect(byTestId('my-card-serial').textContent).toContain('S0002')
  })

  it('says 已超期 and 已冻结', async () => {
    fakeCore({ hub: () => hub({}, { status: 'registered', expired: true, validUntil: '2026-01-01' }) })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-status').textContent?.trim()).toBe('已超期')
    wrapper.unmount()
    fakeCore({ hub: () => hub({}, { status: 'frozen' }) })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-status').textContent?.trim()).toBe('已冻结')
  })

  it('names the applications waiting for review beside the standing', async () => {
    fakeCore({ hub: () => hub({}, { waiting: ['initial'] }) })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-status').textContent?.trim()).toBe('未登记 · 初次登记审核中')
    wrapper.unmount()
    fakeCore({ hub: () => hub({}, { status: 'registered', expired: true, waiting: ['renewal', 'card_replacement'] }) })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-status').textContent?.trim()).toBe('已超期 · 续期登记审核中 · 社工卡补换审核中')
  })

  it('lists every function in its fixed order, open ones active, the others disabled with the reason', async () => {
    const calls = fakeCore({
      hub: () =>
        hub({
          renewal: '登记有效期至 2027-12-01，可于 2027-10-02 起申请续期',
          card_replacement: '尚未发放社工卡',
        }),
    })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(calls.find((c) => c.name === 'hub')?.args).toEqual({ workerId: null })
    const shown = [...document.querySelectorAll('[data-testid="my-hub"] button')].map((b) => b.getAttribute('data-testid'))
    expect(shown).toEqual([...ORDER.map((k) => `my-${k}`), 'my-home'])
    expect(button('renewal').disabled).toBe(true)
    expect(byTestId('my-renewal-reason').textContent?.trim()).toBe('登记有效期至 2027-12-01，可于 2027-10-02 起申请续期')
    expect(button('card_replacement').disabled).toBe(true)
    expect(byTestId('my-card_replacement-reason').textContent?.trim()).toBe('尚未发放社工卡')
    expect(button('register').disabled).toBe(false)
    expect(hasTestId('my-register-reason')).toBe(false)
  })

  it('opens each page', async () => {
    fakeCore({ hub: () => hub({}, { status: 'registered' }) })
    const mounted = await mountAt('/my', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    const push = vi.spyOn(mounted.router, 'push').mockResolvedValue(undefined)
    const expected: Record<string, unknown> = {
      register: { name: 'my-record', query: { kind: 'initial' } },
      modify: { name: 'my-record', query: { kind: 'modification', edit: '1' } },
      modification_request: { name: 'my-request', query: { kind: 'modification_request' } },
      print: { name: 'my-print' },
      contact: { name: 'my-contact' },
      renewal: { name: 'my-record', query: { kind: 'renewal' } },
      restoration: { name: 'my-record', query: { kind: 'restoration' } },
      card_replacement: { name: 'my-request', query: { kind: 'card_replacement' } },
      renewal_list: { name: 'my-history', params: { list: 'renewal' } },
      restoration_list: { name: 'my-history', params: { list: 'restoration' } },
      approval_list: { name: 'my-history', params: { list: 'approvals' } },
      password: { name: 'password' },
    }
    for (const [key, to] of Object.entries(expected)) {
      await clickTestId(`my-${key}`)
      expect(push, key).toHaveBeenLastCalledWith(to)
    }
  })

  it('edits the 初次登记 while the record is not yet approved', async () => {
    fakeCore({ hub: () => hub({ register: '已填写登记信息，请使用社工信息修改' }) })
    const mounted = await mountAt('/my', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    await clickTestId('my-modify')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('my-record'), { timeout: 8000 })
    expect(mounted.router.currentRoute.value.query).toEqual({ kind: 'initial', edit: '1' })
  })

  it('still offers 密码修改 when the core cannot answer, and can ask again', async () => {
    let fail = true
    fakeCore({
      hub: () => {
        if (fail) throw { code: 'database', message: '数据库错误，请稍后重试', fields: null }
        return hub()
      },
    })
    ;({ wrapper } = await mountAt('/my', { status: READY, session: session('worker') }))
    expect(byTestId('my-load-error').textContent).toContain('数据库错误，请稍后重试')
    expect(button('password').disabled).toBe(false)
    expect(button('register').disabled).toBe(true)
    fail = false
    await clickTestId('my-reload')
    expect(hasTestId('my-load-error')).toBe(false)
    expect(button('register').disabled).toBe(false)
  })
})
