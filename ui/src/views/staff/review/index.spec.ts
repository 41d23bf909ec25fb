import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { QueueQuery, QueueRow } from '@/api/generated/bindings'
import { usePendingStore } from '@/stores/pending'
import { READY, byTestId, clickTestId, hasTestId, mountAt, session, settle, typeInto } from '@/testing'
import { queueRow, staffCore } from '../fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ROWS: QueueRow[] = [
  queueRow(12),
  queueRow(13, {
    kind: 'renewal',
    name: '李四',
    district: '350206',
    title: '1',
    submittedAt: '2026-12-01T16:05:09Z',
    enteredBy: '李审核',
  }),
]

function queue(rows: QueueRow[] = ROWS) {
  const queries: QueueQuery[] = []
  const calls = staffCore({
    application_queue: (q) => {
      queries.push(q)
      const hits = rows.filter((r) => (q.kind === null || r.kind === q.kind) && (q.search === '' || r.name.includes(q.search)))
      return { items: hits, total: hits.length }
    },
  })
  return { queries, calls }
}

const last = <T>(list: T[]) => list[list.length - 1]

const DEFAULT_QUERY: QueueQuery = {
  kind: null,
  status: 'submitted',
  district: '',
  title: '',
  from: '',
  to: '',
  search: '',
  sort: 'submitted_asc',
  mine: true,
  page: 1,
  pageSize: 20,
}

// The first visit of a lazy page compiles it: slow on a busy machine.
describe('审核 queue', { timeout: 30_000 }, () => {
  it('lists 全部待审 with kinds, code labels, China times and 代录入', async () => {
    const { queries } = queue()
    ;({ wrapper } = await mountAt('/staff/review', { status: READY, session: session('reviewer') }))
    expect(queries[0]).toEqual(DEFAULT_QUERY)
    const rows = wrapper.findAll('.el-table__body-wrapper tr')
    expect(rows[0].text()).toContain('初次登记')
    expect(rows[0].text()).toContain('思明区')
    expect(rows[0].text()).toContain('高级社会工作师')
    expect(rows[0].text()).toContain('2026-12-01 16:30:00')
    expect(rows[0].text()).toContain('350203********1234')
    expect(rows[1].text()).toContain('续期登记')
    expect(rows[1].text()).toContain('湖里区')
    expect(rows[1].text()).toContain('助理社会工作师')
    expect(rows[1].text()).toContain('2026-12-02 00:05:09')
    expect(byTestId('queue-entered-13').textContent?.trim()).toBe('代录入')
    expect(hasTestId('queue-entered-12')).toBe(false)
    expect(byTestId('queue-row-12').textContent).toBe('张三')
    expect(byTestId('queue-open-12').textContent?.trim()).toBe('审核')
  })

  it('shows the waiting counts on the menu and on each tab', async () => {
    queue()
    ;({ wrapper } = await mountAt('/staff/review', { status: READY, session: session('reviewer') }))
    expect(byTestId('menu-staff-review-badge').textContent?.trim()).toBe('5')
    expect(byTestId('queue-kind-all').textContent).toContain('全部待审')
    expect(byTestId('queue-kind-all-count').textContent?.trim()).toBe('5')
    expect(byTestId('queue-kind-initial-count').textContent?.trim()).toBe('3')
    expect(byTestId('queue-kind-renewal').textContent).toContain('续期登记')
    expect(hasTestId('queue-kind-restoration-count')).toBe(false)
    for (const kind of ['modification_request', 'modification', 'restoration', 'card_replacement']) {
      expect(hasTestId(`queue-kind-${kind}`), kind).toBe(true)
    }
  })

  it('asks the counts again every minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { calls } = queue()
      ;({ wrapper } = await mountAt('/staff/review', { status: READY, session: session('reviewer') }))
      const asked = () => calls.filter((c) => c.name === 'queue_counts').length
      const before = asked()
      vi.advanceTimersByTime(60_000)
      await settle()
      expect(asked()).toBe(before + 1)
      wrapper.unmount()
      wrapper = undefined
      vi.advanceTimersByTime(120_000)
      await settle()
      expect(asked()).toBe(before + 1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends the tab, the search and the district to the core, from the first page', async () => {
    const { queries } = queue()
    const mounted = await mountAt('/staff/review', { status: READY, session: session('admin') })
    wrapper = mounted.wrapper
    await clickTestId('queue-kind-renewal')
    expect(last(queries)).toEqual({ ...DEFAULT_QUERY, kind: 'renewal' })
    expect(mounted.router.currentRoute.value.query).toEqual({ kind: 'renewal' })
    // One kind: no 类别 column.
    expect(wrapper.find('.el-table__header').text()).not.toContain('类别')

    await typeInto('queue-search', ' 李四 ')
    await clickTestId('queue-search-submit')
    expect(last(queries)).toEqual({ ...DEFAULT_QUERY, kind: 'renewal', search: '李四' })

    byTestId('queue-district').click()
    await settle()
    await clickTestId('queue-district-350206')
    expect(last(queries)).toMatchObject({ kind: 'renewal', search: '李四', district: '350206', page: 1 })

    await clickTestId('queue-search-reset')
    expect(last(queries)).toEqual({ ...DEFAULT_QUERY, kind: 'renewal' })
  })

  it('reads its filters from the address, so that coming back keeps them', async () => {
    const { queries } = queue([])
    ;({ wrapper } = await mountAt(
      '/staff/review?kind=initial&status=approved&district=350203&title=3&from=2026-12-01&to=2026-12-31&search=厦门&sort=name&scope=all&page=2',
      { status: READY, session: session('reviewer') },
    ))
    expect(queries[0]).toEqual({
      kind: 'initial',
      status: 'approved',
      district: '350203',
      title: '3',
      from: '2026-12-01',
      to: '2026-12-31',
      search: '厦门',
      sort: 'name',
      mine: false,
      page: 2,
      pageSize: 20,
    })
  })

  it('shows decided applications with 审核时间 and 查看', async () => {
    const { queries } = queue([queueRow(20, { status: 'approved', decidedAt: '2026-12-03T02:00:00Z' })])
    ;({ wrapper } = await mountAt('/staff/review', { status: READY, session: session('reviewer') }))
    byTestId('queue-status-approved').querySelector('input')!.click()
    await settle()
    expect(last(queries)).toMatchObject({ status: 'approved', page: 1 })
    expect(wrapper.find('.el-table__header').text()).toContain('审核时间')
    expect(wrapper.text()).toContain('2026-12-03 10:00:00')
    expect(byTestId('queue-open-20').textContent?.trim()).toBe('查看')
  })

  it('says so when nothing waits, and when nothing matches', async () => {
    queue([])
    ;({ wrapper } = await mountAt('/staff/review', { status: READY, session: session('reviewer') }))
    expect(byTestId('queue-empty').textContent).toBe('暂无待审核的申请')
    await typeInto('queue-search', '王五')
    await clickTestId('queue-search-submit')
    expect(byTestId('queue-empty').textContent).toBe('没有符合条件的申请，请修改查询条件后重试')
  })

  it('opens an application', async () => {
    queue()
    const mounted = await mountAt('/staff/review', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await clickTestId('queue-open-13')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/review/13'), {
      timeout: 15_000,
    })
  })

  it('is not for workers, and the badge stays away from them', async () => {
    queue()
    const mounted = await mountAt('/staff/review', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('home')
    expect(hasTestId('menu-staff-review')).toBe(false)
    expect(usePendingStore().review).toBeNull()
  })

  it('under two-level review shows the level of each row and what the caller decides', async () => {
    const rows = [queueRow(13, { level: 'first', district: '350203' }), queueRow(14, { level: 'final' })]
    const queries: QueueQuery[] = []
    staffCore({
      review_context: () => ({ twoLevel: true, scope: '350203', scopeLabel: '思明区', decides: 'first' }),
      application_queue: (q) => {
        queries.push(q)
        const hits = q.mine ? rows.slice(0, 1) : rows.filter((r) => !q.level || r.level === q.level)
        return { items: hits, total: hits.length }
      },
    })
    const mounted = await mountAt('/staff/review', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    const router = mounted.router
    await vi.waitFor(() => expect(hasTestId('queue-decides')).toBe(true))
    expect(byTestId('queue-decides').textContent).toBe('二级审核已开启，您负责思明区初审')
    expect(queries[0].mine).toBe(true)
    expect(byTestId('queue-level-13').textContent?.trim()).toBe('待初审')
    expect(hasTestId('queue-level-14')).toBe(false)
    byTestId('queue-scope-all').querySelector('input')!.click()
    await settle()
    await vi.waitFor(() => expect(hasTestId('queue-level-14')).toBe(true))
    expect(queries[queries.length - 1].mine).toBe(false)
    expect(queries[queries.length - 1].level).toBeUndefined()
    expect(byTestId('queue-level-14').textContent?.trim()).toBe('待终审')
    // Among every application, only those waiting for 终审; the level stays in the address.
    byTestId('queue-level-final').querySelector('input')!.click()
    await settle()
    await vi.waitFor(() => expect(hasTestId('queue-level-13')).toBe(false))
    expect(queries[queries.length - 1].level).toBe('final')
    expect(hasTestId('queue-level-14')).toBe(true)
    expect(router.currentRoute.value.query).toMatchObject({ scope: 'all', level: 'final' })
    // Back to 待我审核: the core chooses the level, and the chosen one is dropped.
    byTestId('queue-scope-mine').querySelector('input')!.click()
    await settle()
    await vi.waitFor(() => expect(hasTestId('queue-level-14')).toBe(false))
    expect(queries[queries.length - 1]).toMatchObject({ mine: true })
    expect(queries[queries.length - 1].level).toBeUndefined()
    expect(router.currentRoute.value.query.level).toBeUndefined()
    // Below the kind in 全部待审; in its own column once a kind's tab hides the kind.
    const headers = () => [...document.querySelectorAll('.queue th')].map((th) => th.textContent?.trim())
    expect(headers()).toContain('类别 / 级别')
    await clickTestId('queue-kind-initial')
    await vi.waitFor(() => expect(headers()).toContain('审核级别'))
    expect(headers()).not.toContain('类别 / 级别')
    expect(byTestId('queue-level-13').textContent?.trim()).toBe('待初审')
  })
})
