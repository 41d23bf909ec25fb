import { ElMessage } from 'element-plus'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Session, UserInfo } from '@/api/generated/bindings'

/** The core's default, until a session says otherwise. */
const DEFAULT_IDLE_MINUTES = 15

/** The logged-in session. Kept in memory only: closing the window logs out. */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null)
  const user = ref<UserInfo | null>(null)
  /** Minutes without activity after which the UI logs out (the core ends the session too). */
  const idleMinutes = ref(DEFAULT_IDLE_MINUTES)

  const loggedIn = computed(() => token.value !== null && user.value !== null)
  const isWorker = computed(() => user.value?.role === 'worker')
  /** Logged in with a temporary password: nothing but 密码修改 until it is changed. */
  const mustChangePassword = computed(() => user.value?.mustChangePassword === true)

  function start(session: Session) {
    token.value = session.token
    user.value = session.user
    idleMinutes.value = session.idleMinutes > 0 ? session.idleMinutes : DEFAULT_IDLE_MINUTES
  }

  /** The account as the core now describes it (after 密码修改, for instance). */
  function setUser(next: UserInfo) {
    user.value = next
  }

  /** Ends the session on this side; messages still on screen (which may name people) go with it. */
  function clear() {
    token.value = null
    user.value = null
    idleMinutes.value = DEFAULT_IDLE_MINUTES
    ElMessage.closeAll()
  }

  return { token, user, idleMinutes, loggedIn, isWorker, mustChangePassword, start, setUser, clear }
})
