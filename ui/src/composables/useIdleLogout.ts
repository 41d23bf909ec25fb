import { useRouter } from 'vue-router'
import { call } from '@/api'
import { useSessionStore } from '@/stores/session'
import { useIdleTimer } from './useIdleTimer'

export const IDLE_MESSAGE = '长时间未操作，已自动退出登录'

/**
 * Logs out after the session's idle time without mouse or keyboard activity, and returns to
 * the login page, which shows {@link IDLE_MESSAGE} (from `?reason=idle`). The core ends idle
 * sessions on its own too; while the user is active but not calling the core (reading a long
 * form), a light `me` now and then keeps the core's session as alive as the page.
 *
 * A minute before the end `warning` turns true (the layout shows it); any activity, or
 * `extend()` (继续使用), calls `me` at once, which restarts the core's idle time too.
 */
export function useIdleLogout() {
  const session = useSessionStore()
  const router = useRouter()
  let lastPing = Date.now()

  async function logout() {
    try {
      await call('logout', null)
    } catch {
      // Gone already on the core's side.
    }
    session.clear()
    await router.replace({ name: 'login', query: { reason: 'idle' } })
  }

  function keepAlive(now = false) {
    const every = Math.min(5, session.idleMinutes / 2) * 60_000
    if ((!now && Date.now() - lastPing < every) || !session.loggedIn) return
    lastPing = Date.now()
    call('me', null)
      .then((user) => session.setUser(user))
      .catch(() => {
        // An ended session is handled by `call`.
      })
  }

  const timer = useIdleTimer(
    () => session.idleMinutes,
    () => void logout(),
    (afterWarning) => keepAlive(afterWarning),
  )
  return {
    ...timer,
    /** 继续使用: activity like any other, so the warning goes and the core is told at once. */
    extend: () => window.dispatchEvent(new Event('keydown')),
  }
}
