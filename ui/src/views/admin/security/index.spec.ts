import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SecuritySettings } from '@/api/bindings'
import { useSessionStore } from '@/stores/session'
import { READY, byTestId, clickTestId, errorBesideTestId, errorsShown, fakeCore, mountAt, session, toasts, typeInto } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const SETTINGS: SecuritySettings = { maxFailedLogins: 5, lockWindowMinutes: 15, lockMinutes: 15, sessionIdleMinutes: 15 }
const field = (testid: string) => byTestId(testid).querySelector('input')!

describe('安全设置', () => {
  it('shows the four settings with their labels and saves them', async () => {
    const saved: SecuritySettings[] = []
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      security_settings: () => SETTINGS,
      save_security_settings: (s) => (saved.push(s), null),
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    expect(wrapper.findAll('.el-form-item__label').map((l) => l.text()).slice(0, 4)).toEqual([
      '连续输错密码次数上限',
      '统计时间窗口（分钟）',
      '锁定时长（分钟）',
      '无操作自动退出（分钟）',
    ])
    expect(field('security-max-failed').value).toBe('5')
    expect(field('security-idle').id).toBe('security-idle')
    await typeInto('security-max-failed', '6')
    await typeInto('security-idle', '30')
    await clickTestId('security-save')
    expect(saved).toEqual([{ ...SETTINGS, maxFailedLogins: 6, sessionIdleMinutes: 30 }])
    expect(toasts()).toContain('安全设置已保存')
    expect(useSessionStore().idleMinutes).toBe(30)
  })

  it('shows the core’s limits beside the field', async () => {
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      security_settings: () => SETTINGS,
      save_security_settings: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'lockMinutes', message: '请填写1至1440分钟' }] }
      },
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    await clickTestId('security-save')
    await errorsShown()
    expect(errorBesideTestId('security-lock')).toBe('请填写1至1440分钟')
  })
})
