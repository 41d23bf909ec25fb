import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invoke } from '@tauri-apps/api/core'
import type { VueWrapper } from '@vue/test-utils'
import type { Connection, Probed } from '@/api/connection'
import { READY, byTestId, clickTestId, errorBesideTestId, errorsShown, hasTestId, mountAt, typeInto } from '@/testing'

const FP1 = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':')
const FP2 = Array.from({ length: 32 }, (_, i) => (255 - i).toString(16).toUpperCase()).join(':')

/** A fingerprint as the page shows it: four lines of eight pairs, read without spaces. */
const shownAs = (fp: string) => [0, 8, 16, 24].map((i) => fp.split(':').slice(i, i + 8).join(':')).join('')
const shown = (testid: string) => byTestId(testid).textContent!.replace(/\s+/g, '')

let wrapper: VueWrapper | undefined
const desktop = window as unknown as Record<string, unknown>
beforeEach(() => {
  desktop.__TAURI_INTERNALS__ = {}
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  delete desktop.__TAURI_INTERNALS__
})

type Sent = { name: string; args: unknown }

/** The shell's 连接设置 commands, played by the spec. */
function fakeShell(current: Connection, probed: Probed | { code: string; message: string; fields: unknown }): Sent[] {
  const sent: Sent[] = []
  vi.mocked(invoke).mockImplementation(async (name, payload) => {
    const args = (payload as { args: unknown }).args
    sent.push({ name, args })
    switch (name) {
      case 'connection_info':
        return current
      case 'probe_server':
        if ('code' in probed) throw probed
        return probed
      case 'save_connection':
        return null
      case 'app_status':
        return READY
      case 'new_captcha':
        return { id: 'c1', image: 'data:image/png;base64,' }
    }
    throw { code: 'internal', message: `测试未提供命令 ${name}`, fields: null }
  })
  return sent
}

describe('连接设置', () => {
  it('is reached from the login page in the desktop app only', async () => {
    fakeShell({ mode: 'standalone' }, { address: '', fingerprint: null })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    expect(hasTestId('login-connection')).toBe(true)
    wrapper.unmount()
    delete desktop.__TAURI_INTERNALS__
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    expect(hasTestId('login-connection')).toBe(false)
    wrapper.unmount()
    const mounted = await mountAt('/connection', { status: READY })
    wrapper = mounted.wrapper
    const router = mounted.router
    expect(router.currentRoute.value.name).toBe('login')
  })

  it('checks the address beside its field, shows the fingerprint to compare and pins it on 信任并连接', async () => {
    const sent = fakeShell({ mode: 'standalone' }, { address: 'https://192.168.1.10:8443', fingerprint: FP1 })
    ;({ wrapper } = await mountAt('/connection', { status: { ...READY, needsSetup: true } }))
    expect(byTestId('connection-current').textContent).toContain('单机使用')
    await clickTestId('connection-mode-server')
    await typeInto('connection-address', 'http://192.168.1.10:8443')
    await clickTestId('connection-connect')
    await errorsShown()
    expect(errorBesideTestId('connection-address')).toBe('不加密的 http:// 只能连接本机；其他计算机上的服务器请用 https://')
    expect(sent.map((s) => s.name)).not.toContain('probe_server')

    await typeInto('connection-address', '192.168.1.10:8443')
    await clickTestId('connection-connect')
    expect(sent.at(-1)).toEqual({ name: 'probe_server', args: { address: '192.168.1.10:8443' } })
    expect(shown('connection-fingerprint')).toBe(shownAs(FP1))
    expect(hasTestId('connection-changed')).toBe(false)
    await clickTestId('connection-trust')
    expect(sent.at(-1)).toEqual({ name: 'save_connection', args: { mode: 'server', address: 'https://192.168.1.10:8443', fingerprint: FP1 } })
    expect(hasTestId('connection-restarting')).toBe(true)
  })

  it('shows the pinned fingerprint, warns when the server shows another, and goes back to 单机使用', async () => {
    const current: Connection = { mode: 'server', address: 'https://192.168.1.10:8443', fingerprint: FP1 }
    const sent = fakeShell(current, { address: 'https://192.168.1.10:8443', fingerprint: FP2 })
    ;({ wrapper } = await mountAt('/connection', { status: READY }))
    expect(shown('connection-pinned')).toBe(shownAs(FP1))
    await clickTestId('connection-connect')
    expect(byTestId('connection-changed').textContent).toContain('服务器的证书已改变')
    await clickTestId('connection-cancel')
    expect(sent.map((s) => s.name)).not.toContain('save_connection')

    await clickTestId('connection-mode-standalone')
    await clickTestId('connection-standalone')
    expect(sent.at(-1)).toEqual({ name: 'save_connection', args: { mode: 'standalone' } })
  })

  it('tells on the 首次使用 page which way the app works', async () => {
    fakeShell({ mode: 'standalone' }, { address: '', fingerprint: null })
    ;({ wrapper } = await mountAt('/setup', { status: { ...READY, needsSetup: true } }))
    expect(byTestId('setup-mode').textContent).toContain('单机使用')
    wrapper.unmount()
    fakeShell({ mode: 'server', address: 'https://192.168.1.10:8443', fingerprint: FP1 }, { address: '', fingerprint: null })
    ;({ wrapper } = await mountAt('/setup', { status: { ...READY, needsSetup: true } }))
    expect(byTestId('setup-mode').textContent).toContain('本程序已连接服务器 https://192.168.1.10:8443')
  })

  it('puts the shell\'s refusal beside the address', async () => {
    fakeShell({ mode: 'standalone' }, { code: 'validation', message: '请检查填写的内容', fields: [{ field: 'address', message: 'https://10.0.0.9:8443 上不是社会工作者登记管理系统的服务器' }] })
    ;({ wrapper } = await mountAt('/connection', { status: READY }))
    await clickTestId('connection-mode-server')
    await typeInto('connection-address', '10.0.0.9:8443')
    await clickTestId('connection-connect')
    await errorsShown()
    expect(errorBesideTestId('connection-address')).toBe('https://10.0.0.9:8443 上不是社会工作者登记管理系统的服务器')
  })
})
