import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '@/api'

/** Counts of work waiting for staff, shown as badges in the menu. */
export const usePendingStore = defineStore('pending', () => {
  /** 待审核 registrations; null until known. */
  const accounts = ref<number | null>(null)

  async function refreshAccounts(): Promise<void> {
    try {
      const page = await call('account_queue', {
        status: 'pending',
        role: null,
        search: '',
        page: 1,
        pageSize: 1,
      })
      accounts.value = page.total
    } catch {
      // A badge is a hint: the queue page itself says what went wrong.
    }
  }

  function clear() {
    accounts.value = null
  }

  return { accounts, refreshAccounts, clear }
})
