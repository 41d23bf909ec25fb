// How the app answers what the transport (src/api) reports about the session. Kept apart from
// both the transport and the router, so that neither imports the other.
import { ElMessage } from 'element-plus'
import type { Router } from 'vue-router'
import { SESSION_EXPIRED, connectTransport } from '@/api'
import { useSessionStore } from '@/stores/session'

/** Connects the transport to this app's session and `router`; called once at start-up. */
export function connectSession(router: Router): void {
  connectTransport({
    token: () => useSessionStore().token,
    sessionEnded: () => endSession(router),
    passwordChangeRequired: () => requirePasswordChange(router),
  })
}

/** The core no longer knows the session: end it here too and go to the login page. */
function endSession(router: Router): void {
  // Clearing also closes the messages on screen, so the warning below comes after it.
  useSessionStore().clear()
  if (router.currentRoute.value.name !== 'login') {
    ElMessage({ type: 'warning', message: SESSION_EXPIRED, grouping: true })
    void router.replace({ name: 'login' })
  }
}

/** The core wants a new password before anything else: the router guard keeps the user on 密码修改. */
function requirePasswordChange(router: Router): void {
  const session = useSessionStore()
  if (session.user && !session.user.mustChangePassword) {
    session.setUser({ ...session.user, mustChangePassword: true })
  }
  if (router.currentRoute.value.name !== 'password') {
    void router.replace({ name: 'password' })
  }
}
