import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { RosterQuery, Stats } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, hasTestId, mountAt, session, settle, toasts, typeInto } from '@/testing'
import { staffCore } from '../fixtures'

// A canvas is not drawn in jsdom: the page's charts are stood in for, their data recorded.
const drawn = vi.hoisted(() => [] as { kind: string; labels: string[] }[])
vi.mock('./chart', () => ({
  sliceColor: () => '#409eff',
  drawChart: (_el: HTMLElement, kind: string, counts: { label: string }[]) => {
    drawn.push({ kind, labels: counts.map((c) => c.label) })
    return { show: () => {}, resize: () => {}, dispose: () => {} }
  },
}))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  drawn.length = 0
})

const count = (key: string, label: string, n: number) => ({ key, label, count: n })

const STATS: Stats = {
  today: '2026-06-01',
  total: 40,
  byStatus: [count('unregistered', '未登记', 4), count('registered', '已登记', 30), count('expired', '超期', 5), count('frozen', '已冻结', 1)],
  byDistrict: [count('350203', '思明区', 25), count('350206', '湖里区', 15)],
  byTitle: [count('1', '助理社会工作师', 10), count('3', '高级社会工作师', 2), count('', '未填写', 28)],
  byField: [count('01', '民政', 12), count('04', '社区', 30), count('08', '青少年', 3)],
  bySex: [count('1', '男', 12), count('2', '女', 28)],
  byAge: [count('18-29', '18至29岁', 10), count('30-39', '30至39岁', 30)],
  byEducation: [count('21', '大学本科', 30), count('31', '大学专科', 10)],
  due: [
    { days: 30, count: 2, validFrom: '2026-06-01', validTo: '2026-07-01' },
    { days: 60, count: 5, validFrom: '2026-06-01', validTo: '2026-07-31' },
    { days: 90, count: 0, validFrom: '2026-06-01', validTo: '2026-08-30' },
  ],
}

function stats(handlers: Parameters<typeof staffCore>[0] = {}) {
  const queries: RosterQuery[] = []
  const calls = staffCore({
    statistics: (q) => {
      queries.push(q)
      return STATS
    },
    roster: () => ({ items: [], total: 0 }),
    ...handlers,
  })
  return { queries, calls }
}

const last = <T>(list: T[]) => list[list.length - 1]

describe('统计', { timeout: 30_000 }, () => {
  it('shows every dimension as a chart with its table, and the renewals falling due', async () => {
    const { queries } = stats()
    ;({ wrapper } = await mountAt('/staff/stats', { status: READY, session: session('reviewer') }))
    await settle()
    expect(queries[0]).toMatchObject({ status: null, district: '', search: '', page: 1 })
    expect(byTestId('stats-total').textContent).toBe('40')
    expect(byTestId('stats-status-count-registered').textContent).toBe('30')
    expect(byTestId('stats-district-row-350206').textContent).toBe('湖里区')
    expect(byTestId('stats-district-count-350206').textContent).toBe('15')
    expect(byTestId('stats-title-row-none').textContent).toBe('未填写')
    expect(byTestId('stats-field-count-04').textContent).toBe('30')
    expect(byTestId('stats-sex-table').textContent).toContain('70.0%')
    expect(byTestId('stats-age-table').textContent).toContain('30至39岁')
    expect(byTestId('stats-education-table').textContent).toContain('大学本科')
    expect(byTestId('stats-due-30-count').textContent).toBe('2')
    expect(byTestId('stats-due-60-count').textContent).toBe('5')
    expect(hasTestId('stats-due-90-open')).toBe(false)
    expect(drawn.map((d) => d.kind)).toEqual(['pie', 'pie', 'bar', 'pie', 'bar', 'bar', 'bar'])
    expect(drawn[2].labels).toEqual(['思明区', '湖里区'])
  })

  it('counts under the same filter as the register, kept in the address', async () => {
    const { queries } = stats()
    const mounted = await mountAt('/staff/stats?district=350203&fullTime=yes', { status: READY, session: session('admin') })
    wrapper = mounted.wrapper
    expect(queries[0]).toMatchObject({ district: '350203', fullTime: true })
    expect(hasTestId('stats-filter-sort')).toBe(false)
    await typeInto('stats-filter-search', '阳光')
    await clickTestId('stats-filter-search-submit')
    expect(last(queries)).toMatchObject({ district: '350203', fullTime: true, search: '阳光' })
    expect(mounted.router.currentRoute.value.query).toEqual({ district: '350203', fullTime: 'yes', search: '阳光' })
  })

  it('opens the register on the records falling due', async () => {
    stats()
    const mounted = await mountAt('/staff/stats', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await clickTestId('stats-due-30-open')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('staff-roster'), { timeout: 15_000 })
    expect(mounted.router.currentRoute.value.query).toEqual({
      status: 'registered',
      validFrom: '2026-06-01',
      validTo: '2026-07-01',
      sort: 'valid_until',
    })
  })

  it('saves the tables to Excel', async () => {
    const { calls } = stats({ save_stats_xlsx: () => '/tmp/out/统计.xlsx' })
    ;({ wrapper } = await mountAt('/staff/stats?status=registered', { status: READY, session: session('reviewer') }))
    await clickTestId('stats-export')
    expect(calls.find((c) => c.name === 'save_stats_xlsx')?.args).toMatchObject({ status: 'registered' })
    expect(toasts()).toContain('已导出统计表到 /tmp/out/统计.xlsx')
  })

  it('says when nothing matches', async () => {
    stats({ statistics: () => ({ ...STATS, total: 0 }) })
    ;({ wrapper } = await mountAt('/staff/stats?district=350206', { status: READY, session: session('reviewer') }))
    expect(byTestId('stats-empty').textContent).toContain('没有符合条件的记录')
    expect(hasTestId('stats-status')).toBe(false)
  })
})
