import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '@/api'
import type { Kind, QueueCounts } from '@/api/generated/bindings'

/** How often the menu's counts are asked again while staff work. */
export const REFRESH_MS = 60_000

/** Counts of work waiting for staff, shown as badges in the menu. */
export const usePendingStore = defineStore('pending', () => {
  /** 待审核 registrations; null until known. */
  const accounts = ref<number | null>(null)
  /** 待审核 applications, in all and per kind; null until known. */
  const review = ref<QueueCounts | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refreshAccounts(): Promise<void> {
    try {
      // A background read in the core: the poll does not count as someone working.
      accounts.value = await call('pending_account_count', null)
    } catch {
      // A badge is a hint: the queue page itself says what went wrong.
    }
  }

  async function refreshReview(): Promise<void> {
    try {
      // Also a background read (see above).
      review.value = await call('queue_counts', null)
    } catch {
      // As above: the review queue shows its own errors.
    }
  }

  /** Waiting applications of one kind, or of all kinds for null. */
  function reviewCount(kind: Kind | null): number | null {
    if (!review.value) return null
    if (kind === null) return review.value.total
    return review.value.byKind.find((k) => k.kind === kind)?.count ?? 0
  }

  function refreshAll(): Promise<void> {
    return Promise.all([refreshAccounts(), refreshReview()]).then(() => undefined)
  }

  /** Asks now and then every minute, until `stop`: other reviewers work the same queues. */
  function start() {
    stop()
    void refreshAll()
    timer = setInterval(() => void refreshAll(), REFRESH_MS)
  }

  function stop() {
    if (timer !== null) clearInterval(timer)
    timer = null
  }

  function clear() {
    stop()
    accounts.value = null
    review.value = null
  }

  return { accounts, review, refreshAccounts, refreshReview, reviewCount, refreshAll, start, stop, clear }
})
