import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ReviewSettings, SecuritySettings } from '@/api/generated/bindings'
import { useSessionStore } from '@/stores/session'
import { READY, byTestId, clickTestId, errorBesideTestId, errorsShown, fakeCore, mountAt, session, toasts, typeInto } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const SETTINGS: SecuritySettings = {
  maxFailedLogins: 5,
  lockWindowMinutes: 15,
  lockMinutes: 15,
  sessionIdleMinutes: 15,
  sessionMaxHours: 12,
  passwordMaxAgeDays: 0,
  passwordHistory: 0,
  passwordLetters: true,
  passwordDigits: true,
  passwordSymbols: false,
  batchPrintAdminsOnly: false,
  importByReviewers: false,
  staffNetworks: [],
}
const RULES: ReviewSettings = { twoLevel: false, separationOfDuties: true }
const field = (testid: string) => byTestId(testid).querySelector('input')!

describe('安全设置', () => {
  it('shows the four settings with their labels and saves them', async () => {
    const saved: SecuritySettings[] = []
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      security_settings: () => SETTINGS,
      save_security_settings: (s) => (saved.push(s), null),
      review_settings: () => RULES,
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

  it('explains and saves the 等保 password rules and the session lifetime', async () => {
    const saved: SecuritySettings[] = []
    fakeCore({
      security_settings: () => SETTINGS,
      save_security_settings: (s) => (saved.push(s), null),
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    const items = wrapper.findAll('.el-form-item').filter((i) => i.find('.el-form-item__label').exists())
    const byLabel = (label: string) => items.find((i) => i.find('.el-form-item__label').text() === label)!
    for (const label of ['登录最长有效时间（小时）', '密码有效期（天）', '不得重复使用最近密码数', '密码须包含的字符']) {
      expect(byLabel(label).find('.help').text().length, label).toBeGreaterThan(10)
    }
    expect(byLabel('密码有效期（天）').find('.help').text()).toContain('0 表示密码不过期')
    expect(field('security-password-age').value).toBe('0')
    await typeInto('security-password-age', '90')
    await typeInto('security-password-history', '5')
    await typeInto('security-max-hours', '8')
    ;(byTestId('security-class-symbols').querySelector('input') as HTMLInputElement).click()
    await clickTestId('security-save')
    expect(saved).toEqual([
      { ...SETTINGS, passwordMaxAgeDays: 90, passwordHistory: 5, sessionMaxHours: 8, passwordSymbols: true },
    ])
  })

  it('keeps batch printing to admins when asked, and says why it matters', async () => {
    const saved: SecuritySettings[] = []
    fakeCore({
      security_settings: () => SETTINGS,
      save_security_settings: (s) => (saved.push(s), null),
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    const item = wrapper.findAll('.el-form-item').find((i) => i.find('.el-form-item__label').text() === '批量打印登记表')!
    expect(item.find('.help').text()).toContain('逐人记入访问日志')
    ;(byTestId('security-batch-print-admins').querySelector('input') as HTMLInputElement).click()
    await clickTestId('security-save')
    expect(saved).toEqual([{ ...SETTINGS, batchPrintAdminsOnly: true }])
  })

  it('keeps staff to listed networks, one a line, and says it is for the server only', async () => {
    const saved: SecuritySettings[] = []
    fakeCore({
      security_settings: () => ({ ...SETTINGS, staffNetworks: ['10.0.0.0/8'] }),
      save_security_settings: (s) => {
        saved.push(s)
        if (s.staffNetworks.includes('办公室')) {
          throw { code: 'validation', message: '请检查', fields: [{ field: 'staffNetworks', message: '“办公室”不是有效的网络' }] }
        }
        return null
      },
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    const item = byTestId('security-networks').closest('.el-form-item')!
    expect(item.querySelector('.el-form-item__label')!.textContent).toBe('工作人员登录网络')
    expect(item.querySelector('.help')!.textContent).toContain('仅对服务器')
    expect((byTestId('security-networks') as HTMLTextAreaElement).value).toBe('10.0.0.0/8')
    await typeInto('security-networks', ' 10.0.0.0/8 \n\n192.168.1.20\n办公室')
    await clickTestId('security-save')
    await errorsShown()
    expect(errorBesideTestId('security-networks')).toBe('“办公室”不是有效的网络')
    await typeInto('security-networks', ' 10.0.0.0/8 \n\n192.168.1.20')
    await clickTestId('security-save')
    expect(saved.map((s) => s.staffNetworks)).toEqual([
      ['10.0.0.0/8', '192.168.1.20', '办公室'],
      ['10.0.0.0/8', '192.168.1.20'],
    ])
    expect(toasts()).toContain('安全设置已保存')
  })

  it('shows the core’s limits beside the field', async () => {
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      security_settings: () => SETTINGS,
      review_settings: () => RULES,
      save_security_settings: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'lockMinutes', message: '请填写1至1440分钟' }] }
      },
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    await clickTestId('security-save')
    await errorsShown()
    expect(errorBesideTestId('security-lock')).toBe('请填写1至1440分钟')
  })

  it('saves the review rules, and shows why two-level review cannot be turned on beside it', async () => {
    const saved: ReviewSettings[] = []
    fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      security_settings: () => SETTINGS,
      review_settings: () => RULES,
      save_review_settings: (s) => {
        saved.push(s)
        if (s.twoLevel) {
          throw { code: 'validation', message: '请检查', fields: [{ field: 'twoLevel', message: '不能开启二级审核：思明区没有在用的初审审核员' }] }
        }
        return null
      },
    })
    ;({ wrapper } = await mountAt('/admin/security', { status: READY, session: session('admin') }))
    expect(byTestId('review-sod').classList.contains('is-checked')).toBe(true)
    await clickTestId('review-two-level')
    await clickTestId('review-save')
    await errorsShown()
    expect(errorBesideTestId('review-two-level')).toBe('不能开启二级审核：思明区没有在用的初审审核员')
    await clickTestId('review-two-level')
    await clickTestId('review-sod')
    await clickTestId('review-save')
    expect(saved).toEqual([
      { twoLevel: true, separationOfDuties: true },
      { twoLevel: false, separationOfDuties: false },
    ])
    expect(toasts()).toContain('审核规则已保存')
  })
})
