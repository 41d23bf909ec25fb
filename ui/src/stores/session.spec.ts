import { ElMessage } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useSessionStore } from './session'

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('会话', () => {
  it('ends with the messages still on screen, so the next user does not see them', () => {
    const closeAll = vi.spyOn(ElMessage, 'closeAll')
    const session = useSessionStore()
    session.start({
      token: 't-1',
      user: { id: 3, username: 'shenhe', displayName: '李审核', role: 'reviewer', mustChangePassword: false, passwordExpired: false },
      idleMinutes: 20,
    })
    expect(session.loggedIn).toBe(true)
    expect(session.idleMinutes).toBe(20)
    expect(closeAll).not.toHaveBeenCalled()
    session.clear()
    expect(session.loggedIn).toBe(false)
    expect(session.idleMinutes).toBe(15)
    expect(closeAll).toHaveBeenCalledTimes(1)
  })
})
