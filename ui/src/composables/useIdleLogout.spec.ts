import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { useSessionStore } from '@/stores/session'
import { READY, byTestId, fakeCore, mountAt, session, settle } from '@/testing'

const MINUTE = 60_000
let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  vi.useRealTimers()
})

describe('idle logout', () => {
  it('logs out after the session’s idle minutes and says why on the login page', async () => {
    const calls = fakeCore({ logout: () => null, new_captcha: () => ({ id: 'c1', image: 'data:image/png;base64,AA' }) })
    const mounted = await mountAt('/', { status: READY, session: { ...session('worker'), idleMinutes: 2 } })
    wrapper = mounted.wrapper
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    await settle()
    expect(calls.find((c) => c.name === 'logout')).toEqual({ name: 'logout', token: 'token-worker', args: null })
    expect(useSessionStore().loggedIn).toBe(false)
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
    await settle()
    expect(byTestId('login-alert').textContent).toContain('长时间未操作，已自动退出登录')
  })

  it('keeps the core’s session alive while the user works without calling it', async () => {
    const calls = fakeCore({ me: () => session('worker').user })
    const mounted = await mountAt('/', { status: READY, session: { ...session('worker'), idleMinutes: 10 } })
    wrapper = mounted.wrapper
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(MINUTE)
      window.dispatchEvent(new Event('keydown'))
    }
    await settle()
    expect(useSessionStore().loggedIn).toBe(true)
    expect(calls.filter((c) => c.name === 'me').length).toBeGreaterThanOrEqual(2)
    expect(calls.some((c) => c.name === 'logout')).toBe(false)
  })

  it('warns a minute before the end, and 继续使用 tells the core and keeps the session', async () => {
    const calls = fakeCore({ me: () => session('worker').user, logout: () => null })
    const mounted = await mountAt('/', { status: READY, session: { ...session('worker'), idleMinutes: 10 } })
    wrapper = mounted.wrapper
    await vi.advanceTimersByTimeAsync(8 * MINUTE)
    await settle()
    expect(document.querySelector('[data-testid=idle-warning]')).toBeNull()
    await vi.advanceTimersByTimeAsync(MINUTE + 1000)
    await settle()
    expect(byTestId('idle-warning').textContent).toContain('1分钟后自动退出登录')
    const before = calls.filter((c) => c.name === 'me').length
    byTestId('idle-extend').click()
    await settle()
    expect(calls.filter((c) => c.name === 'me').length).toBe(before + 1)
    // Another full idle time from the click before the session ends.
    await vi.advanceTimersByTimeAsync(8 * MINUTE)
    await settle()
    expect(useSessionStore().loggedIn).toBe(true)
    expect(calls.some((c) => c.name === 'logout')).toBe(false)
  })
})
