import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Session, UserInfo } from '@/api/bindings'

/** The logged-in session. Kept in memory only: closing the window logs out. */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null)
  const user = ref<UserInfo | null>(null)

  const loggedIn = computed(() => token.value !== null && user.value !== null)
  const isWorker = computed(() => user.value?.role === 'worker')

  function start(session: Session) {
    token.value = session.token
    user.value = session.user
  }

  function clear() {
    token.value = null
    user.value = null
  }

  return { token, user, loggedIn, isWorker, start, clear }
})
