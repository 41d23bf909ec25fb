import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { MailSettings } from '@/api/generated/bindings'
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
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const SMTP: MailSettings = {
  host: 'smtp.example.cn',
  port: 587,
  tls: 'start_tls',
  username: 'noreply',
  password: '',
  sender: '民政局 <noreply@example.cn>',
}

function core(current: MailSettings | null, extra: Parameters<typeof fakeCore>[0] = {}) {
  const saved: (MailSettings | null)[] = []
  const calls = fakeCore({
    account_queue: () => ({ items: [], total: 0 }),
    mail_settings: () => current,
    save_mail_settings: (s) => (saved.push(s), null),
    ...extra,
  })
  return { saved, calls }
}

describe('邮件设置', () => {
  it('without SMTP: the switch is off and says mail goes to the outbox', async () => {
    core(null)
    ;({ wrapper } = await mountAt('/admin/mail', { status: READY, session: session('admin') }))
    expect(byTestId('mail-smtp-enabled').classList.contains('is-checked')).toBe(false)
    expect(byTestId('mail-outbox-note').textContent).toContain('未配置，邮件保存到发件箱文件夹')
    expect(hasTestId('mail-host')).toBe(false)
  })

  it('turning it on asks for server, port and sender, then saves them', async () => {
    const { saved } = core(null)
    ;({ wrapper } = await mountAt('/admin/mail', { status: READY, session: session('admin') }))
    await clickTestId('mail-smtp-enabled')
    expect(byTestId<HTMLInputElement>('mail-password').placeholder).toBe('留空则保持原密码')
    await clickTestId('mail-save')
    await errorsShown()
    expect(errorBesideTestId('mail-host')).toBe('请输入SMTP服务器地址')
    expect(errorBesideTestId('mail-sender')).toBe('请输入发件人地址')
    expect(saved).toHaveLength(0)

    await typeInto('mail-host', ' smtp.example.cn ')
    byTestId('mail-tls-tls').querySelector('input')!.click()
    await settle()
    expect(byTestId('mail-port').querySelector('input')!.value).toBe('465')
    await typeInto('mail-sender', 'noreply@example.cn')
    await clickTestId('mail-save')
    expect(saved).toEqual([
      { host: 'smtp.example.cn', port: 465, tls: 'tls', username: '', password: '', sender: 'noreply@example.cn' },
    ])
    expect(toasts()).toContain('邮件设置已保存')
  })

  it('turning SMTP off asks first, then removes the settings', async () => {
    const { saved } = core(SMTP)
    ;({ wrapper } = await mountAt('/admin/mail', { status: READY, session: session('admin') }))
    expect(byTestId<HTMLInputElement>('mail-host').value).toBe('smtp.example.cn')
    await clickTestId('mail-smtp-enabled')
    await clickTestId('mail-save')
    expect(byTestId('confirm-message').textContent).toContain('确定不再使用SMTP服务器吗？')
    await clickTestId('confirm-cancel')
    expect(saved).toHaveLength(0)
    await clickTestId('mail-save')
    await clickTestId('confirm-ok')
    expect(saved).toEqual([null])
  })

  it('sends a test mail and says where it went', async () => {
    const { calls } = core(null, { send_test_mail: () => ({ sent: false, outboxFile: '20261201-163000-a1b2c3.eml' }) })
    ;({ wrapper } = await mountAt('/admin/mail', { status: READY, session: session('admin') }))
    await clickTestId('mail-test-send')
    await errorsShown()
    expect(errorBesideTestId('mail-test-to')).toBe('请输入收件人邮箱')
    await typeInto('mail-test-to', 'me@example.cn')
    await clickTestId('mail-test-send')
    expect(calls.find((c) => c.name === 'send_test_mail')?.args).toEqual({ to: 'me@example.cn' })
    expect(byTestId('mail-test-result').textContent).toContain(
      '未配置SMTP，测试邮件已保存到发件箱：20261201-163000-a1b2c3.eml',
    )
  })

  it('reports a test mail that the server accepted', async () => {
    core(SMTP, { send_test_mail: () => ({ sent: true, outboxFile: null }) })
    ;({ wrapper } = await mountAt('/admin/mail', { status: READY, session: session('admin') }))
    await typeInto('mail-test-to', 'me@example.cn')
    await clickTestId('mail-test-send')
    expect(byTestId('mail-test-result').textContent).toContain('测试邮件已发送')
  })
})
