import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { fakeCore } from '@/testing'
import { REFRESH_MS, usePendingStore } from './pending'

afterEach(() => {
  usePendingStore().stop()
  vi.useRealTimers()
})

describe('the menu’s counts', () => {
  it('are asked every minute only through the background reads, which leave the idle time running', async () => {
    setActivePinia(createPinia())
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const calls = fakeCore({
      pending_account_count: () => 2,
      queue_counts: () => ({ total: 4, byKind: [] }),
    })
    const pending = usePendingStore()
    pending.start()
    await vi.waitFor(() => expect(pending.accounts).toBe(2))
    vi.advanceTimersByTime(REFRESH_MS * 3)
    await vi.waitFor(() => expect(calls.length).toBe(8))
    expect(new Set(calls.map((c) => c.name))).toEqual(new Set(['pending_account_count', 'queue_counts']))
    expect(pending.reviewCount(null)).toBe(4)
  })
})
