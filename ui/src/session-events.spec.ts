import { invoke } from '@tauri-apps/api/core'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import { call } from '@/api'
import { useSessionStore } from '@/stores/session'
import { connectSession } from './session-events'

const { message, replace, currentRoute } = vi.hoisted(() => ({
  // The session's end closes the messages on screen (closeAll) before the expiry warning.
  message: Object.assign(vi.fn(), { closeAll: vi.fn() }),
  replace: vi.fn(),
  currentRoute: { value: { name: 'home' as string } },
}))

vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: message,
}))

const session = { token: 't-1', user: { id: 7, username: 'zhang01', displayName: '张三', role: 'worker' as const, mustChangePassword: false, passwordExpired: false }, idleMinutes: 15 }

beforeEach(() => {
  setActivePinia(createPinia())
  vi.mocked(invoke).mockReset()
  message.mockReset()
  message.closeAll.mockReset()
  replace.mockReset()
  currentRoute.value.name = 'home'
  connectSession({ currentRoute, replace } as unknown as Router)
})

describe('the app and the transport', () => {
  it('sends the session token', async () => {
    useSessionStore().start(session)
    vi.mocked(invoke).mockResolvedValue({ ...session.user })
    await call('me', null)
    expect(invoke).toHaveBeenCalledWith('me', { token: 't-1', args: null })
  })

  it('ends an expired session and goes to the login page', async () => {
    const store = useSessionStore()
    store.start(session)
    vi.mocked(invoke).mockRejectedValue({ code: 'unauthenticated', message: '会话已过期', fields: null })
    await expect(call('me', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(store.token).toBeNull()
    expect(store.user).toBeNull()
    expect(message).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'warning', message: '登录已失效，请重新登录' }),
    )
    // The old messages went first, so the warning stays.
    expect(message.closeAll.mock.invocationCallOrder[0]).toBeLessThan(message.mock.invocationCallOrder[0])
    expect(replace).toHaveBeenCalledWith({ name: 'login' })
  })

  it('does not announce an expired session on the login page itself', async () => {
    currentRoute.value.name = 'login'
    vi.mocked(invoke).mockRejectedValue({ code: 'unauthenticated', message: '', fields: null })
    await expect(call('me', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(message).not.toHaveBeenCalled()
    expect(replace).not.toHaveBeenCalled()
  })

  it('sends a user who must change the password to 密码修改', async () => {
    const store = useSessionStore()
    store.start(session)
    vi.mocked(invoke).mockRejectedValue({ code: 'must_change_password', message: '请先修改密码', fields: null })
    await expect(call('list_outbox', null)).rejects.toMatchObject({ code: 'must_change_password' })
    expect(store.user?.mustChangePassword).toBe(true)
    expect(store.token).toBe('t-1')
    expect(replace).toHaveBeenCalledWith({ name: 'password' })
  })

  it('leaves a rejected logout to its caller', async () => {
    useSessionStore().start(session)
    vi.mocked(invoke).mockRejectedValue({ code: 'unauthenticated', message: '', fields: null })
    await expect(call('logout', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(message).not.toHaveBeenCalled()
    expect(replace).not.toHaveBeenCalled()
    expect(useSessionStore().token).toBe('t-1')
  })
})
