import { describe, expect, it, vi } from 'vitest'
import { usePageTable } from './usePageTable'

describe('usePageTable', () => {
  it('pages through with the filters read at call time', async () => {
    const filters = { search: 'a' }
    const request = vi.fn(async (q: { search: string; page: number; pageSize: number }) => ({
      items: [`${q.search}${q.page}`],
      total: 45,
    }))
    const t = usePageTable(request, () => ({ ...filters }))
    await t.load()
    expect(request).toHaveBeenLastCalledWith({ search: 'a', page: 1, pageSize: 20 })
    expect(t.items.value).toEqual(['a1'])
    expect(t.total.value).toBe(45)
    t.onPageChange(3)
    await vi.waitFor(() => expect(t.items.value).toEqual(['a3']))
    filters.search = 'b'
    await t.search()
    expect(request).toHaveBeenLastCalledWith({ search: 'b', page: 1, pageSize: 20 })
  })

  it('shows the last page when the current one emptied', async () => {
    let total = 21
    const request = vi.fn(async (q: { page: number; pageSize: number }) => {
      const last = Math.ceil(total / q.pageSize)
      return { items: q.page <= last ? [q.page] : [], total }
    })
    const t = usePageTable(request, () => ({}))
    t.onPageChange(2)
    await vi.waitFor(() => expect(t.items.value).toEqual([2]))
    total = 20
    await t.load()
    expect(t.page.value).toBe(1)
    expect(t.items.value).toEqual([1])
  })

  it('keeps only the newest answer', async () => {
    const answers: ((v: { items: string[]; total: number }) => void)[] = []
    const t = usePageTable(
      () => new Promise<{ items: string[]; total: number }>((resolve) => answers.push(resolve)),
      () => ({}),
    )
    const slow = t.load()
    const fast = t.load()
    answers[1]({ items: ['new'], total: 1 })
    await fast
    answers[0]({ items: ['old'], total: 1 })
    await slow
    expect(t.items.value).toEqual(['new'])
    expect(t.loading.value).toBe(false)
  })
})
