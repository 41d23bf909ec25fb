import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CardRow, IssueCardArgs, QueueQuery } from '@/api/generated/bindings'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  hasTestId,
  mountAt,
  session,
  toasts,
  typeInto,
} from '@/testing'
import { queueRow, staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const WORKERS = [
  queueRow(1, { workerId: 101, status: 'approved', name: '张三' }),
  queueRow(2, { workerId: 102, status: 'approved', name: '李四' }),
]
const VOID: CardRow = {
  id: 1,
  cardNo: 'XM0001',
  serialNo: 'SG2026000001',
  status: 'void',
  issuedAt: '2026-01-05T02:00:00Z',
  voidedAt: '2026-06-01T02:00:00Z',
}

function core(cards: Record<number, CardRow[]> = {}) {
  const queries: QueueQuery[] = []
  const issues: IssueCardArgs[] = []
  const calls = staffCore({
    application_queue: (q) => {
      queries.push(q)
      const hits = WORKERS.filter((w) => q.search === '' || w.name.includes(q.search))
      return { items: hits, total: hits.length }
    },
    cards_of: (t) => cards[t.workerId!] ?? [],
    issue_card: (a) => {
      issues.push(a)
      const card: CardRow = {
        id: 9,
        cardNo: a.cardNo,
        serialNo: 'SG2026000007',
        status: 'valid',
        issuedAt: '2026-12-01T08:30:00Z',
        voidedAt: null,
      }
      cards[a.workerId] = [card, ...(cards[a.workerId] ?? [])]
      return card
    },
  })
  return { queries, issues, calls }
}

describe('发放社工卡', { timeout: 30_000 }, () => {
  it('finds registered workers through the queue of approved 初次登记', async () => {
    const { queries } = core()
    ;({ wrapper } = await mountAt('/admin/cards', { status: READY, session: session('admin') }))
    expect(queries[0]).toEqual({
      kind: 'initial',
      status: 'approved',
      district: '',
      title: '',
      from: '',
      to: '',
      search: '',
      sort: 'name',
      page: 1,
      pageSize: 10,
    })
    expect(hasTestId('card-worker-101')).toBe(true)
    await typeInto('card-search', ' 李 ')
    await clickTestId('card-search-submit')
    expect(queries[queries.length - 1]).toMatchObject({ search: '李', page: 1 })
    expect(hasTestId('card-worker-101')).toBe(false)
    expect(hasTestId('card-worker-102')).toBe(true)
  })

  it('issues a card: the number is required, the serial comes back, the history marks void cards', async () => {
    const { issues, calls } = core({ 101: [VOID] })
    ;({ wrapper } = await mountAt('/admin/cards', { status: READY, session: session('admin') }))
    await clickTestId('card-worker-101')
    expect(calls.find((c) => c.name === 'cards_of')?.args).toEqual({ workerId: 101 })
    expect(byTestId('card-worker-name').textContent).toBe('张三')
    expect(byTestId('card-status-1').textContent?.trim()).toBe('已作废')
    expect(byTestId('card-history').textContent).toContain('作废 2026-06-01 10:00:00')

    await clickTestId('card-issue')
    await errorsShown()
    expect(errorBesideTestId('card-no')).toBe('请填写社工卡号')
    expect(issues).toHaveLength(0)

    await typeInto('card-no', ' XM0002 ')
    await clickTestId('card-issue')
    expect(issues).toEqual([{ workerId: 101, cardNo: 'XM0002' }])
    expect(byTestId('card-result').textContent).toContain('已发放社工卡：卡号 XM0002，序列号 SG2026000007')
    expect(toasts().some((t) => t.includes('SG2026000007'))).toBe(true)
    expect(byTestId('card-status-9').textContent?.trim()).toBe('有效')
  })

  it('offers no second card to a worker who holds a valid one', async () => {
    core({ 102: [{ ...VOID, id: 3, status: 'valid', voidedAt: null }] })
    ;({ wrapper } = await mountAt('/admin/cards', { status: READY, session: session('admin') }))
    await clickTestId('card-worker-102')
    expect(byTestId('card-has-valid').textContent).toContain('补换须由本人提交社工卡补换申请')
    expect(hasTestId('card-no')).toBe(false)
  })

  it('shows the core’s refusal beside the card number', async () => {
    staffCore({
      application_queue: () => ({ items: WORKERS, total: 2 }),
      cards_of: () => [],
      issue_card: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'cardNo', message: '社工卡号不能包含控制字符' }] }
      },
    })
    ;({ wrapper } = await mountAt('/admin/cards', { status: READY, session: session('admin') }))
    await clickTestId('card-worker-101')
    await typeInto('card-no', 'XM0003')
    await clickTestId('card-issue')
    await errorsShown()
    expect(errorBesideTestId('card-no')).toBe('社工卡号不能包含控制字符')
  })
})
