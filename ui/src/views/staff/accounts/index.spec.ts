import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AccountQuery, AccountRow, ReviewAccountArgs } from '@/api/generated/bindings'
import {
  READY,
  accountRow,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  hasTestId,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** A queue that decisions really change. */
function queue(rows: AccountRow[]) {
  const all = rows.map((r) => ({ ...r }))
  const reviews: ReviewAccountArgs[] = []
  const queries: AccountQuery[] = []
  fakeCore({
    account_queue: (q) => {
      queries.push(q)
      const status = q.status ?? 'pending'
      const hits = all.filter(
        (r) => r.status === status && (q.search === '' || r.username.includes(q.search) || r.displayName.includes(q.search)),
      )
      const from = (q.page - 1) * q.pageSize
      return { items: hits.slice(from, from + q.pageSize), total: hits.length }
    },
    review_account: (args) => {
      reviews.push(args)
      const row = all.find((r) => r.id === args.userId)!
      row.status = args.approve ? 'active' : 'rejected'
      row.reviewComment = args.comment || null
      row.reviewedAt = '2026-12-02T01:00:00Z'
      return null
    },
  })
  return { reviews, queries }
}

const ROWS = [accountRow('zhang01'), accountRow('li02', { displayName: '李四', createdAt: '2026-12-01T16:05:09Z' })]

describe('账号审核', () => {
  it('lists pending registrations with China times, masked numbers and a badge in the menu', async () => {
    queue(ROWS)
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    const text = wrapper.text()
    expect(text).toContain('zhang01')
    expect(text).toContain('李四')
    expect(text).toContain('350203********1234')
    expect(text).toContain('2026-12-01 16:30:00')
    expect(text).toContain('2026-12-02 00:05:09')
    expect(byTestId('menu-staff-accounts-badge').textContent).toContain('2')
    expect(byTestId('review-approve-zhang01').textContent?.trim()).toBe('通过')
    expect(byTestId('review-reject-li02').textContent?.trim()).toBe('退回')
  })

  it('says so when nothing waits', async () => {
    queue([])
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('admin') }))
    expect(byTestId('review-empty').textContent).toBe('暂无待审核的注册申请')
    expect(hasTestId('menu-staff-accounts-badge')).toBe(false)
  })

  it('searches from the first page', async () => {
    const { queries } = queue(ROWS)
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    await typeInto('review-search', ' li ')
    await clickTestId('review-search-submit')
    expect(queries[queries.length - 1]).toEqual({ status: 'pending', role: null, search: 'li', page: 1, pageSize: 20 })
    expect(wrapper.text()).not.toContain('zhang01')
    await typeInto('review-search', 'nobody')
    await clickTestId('review-search-submit')
    expect(byTestId('review-empty').textContent).toBe('没有符合条件的注册申请，请修改查询条件后重试')
  })

  it('通过 asks first; 取消 leaves the row, 确定 approves it and it leaves the list', async () => {
    const { reviews } = queue(ROWS)
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    await clickTestId('review-approve-zhang01')
    expect(byTestId('confirm-message').textContent).toContain('确定通过 张三（账号 zhang01）的注册申请吗？')
    await clickTestId('confirm-cancel')
    expect(reviews).toHaveLength(0)

    await clickTestId('review-approve-zhang01')
    await clickTestId('confirm-ok')
    expect(reviews).toEqual([{ userId: ROWS[0].id, approve: true, comment: '' }])
    expect(hasTestId('review-approve-zhang01')).toBe(false)
    expect(hasTestId('review-approve-li02')).toBe(true)
    expect(byTestId('menu-staff-accounts-badge').textContent).toContain('1')
    expect(toasts().some((t) => t.includes('已通过'))).toBe(true)
  })

  it('退回 needs 审核意见, sends it, and the row leaves the list', async () => {
    const { reviews } = queue(ROWS)
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    await clickTestId('review-reject-li02')
    await clickTestId('review-reject-confirm')
    await errorsShown()
    expect(errorBesideTestId('review-comment')).toBe('请填写退回的原因')
    expect(reviews).toHaveLength(0)

    await typeInto('review-comment', ' 身份证号码与姓名不符 ')
    await clickTestId('review-reject-confirm')
    expect(reviews).toEqual([{ userId: ROWS[1].id, approve: false, comment: '身份证号码与姓名不符' }])
    expect(hasTestId('review-reject-li02')).toBe(false)
    expect(byTestId('menu-staff-accounts-badge').textContent).toContain('1')
  })

  it('shows decided registrations with the comment under 未通过', async () => {
    queue([accountRow('wang03', { status: 'rejected', reviewComment: '照片不清晰', reviewedAt: '2026-12-02T01:00:00Z' })])
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    byTestId('review-status-rejected').querySelector('input')!.click()
    await settle()
    expect(wrapper.text()).toContain('照片不清晰')
    expect(wrapper.text()).toContain('2026-12-02 09:00:00')
    expect(hasTestId('review-approve-wang03')).toBe(false)
  })

  it('reloads when another reviewer decided first', async () => {
    let first = true
    fakeCore({
      account_queue: () => ({ items: first ? ROWS : [ROWS[1]], total: first ? 2 : 1 }),
      review_account: () => {
        first = false
        throw { code: 'conflict', message: '该账号不在待审核状态，可能已被其他审核员处理', fields: null }
      },
    })
    ;({ wrapper } = await mountAt('/staff/accounts', { status: READY, session: session('reviewer') }))
    await clickTestId('review-approve-zhang01')
    await clickTestId('confirm-ok')
    expect(toasts()).toContain('该账号不在待审核状态，可能已被其他审核员处理')
    expect(hasTestId('review-approve-zhang01')).toBe(false)
  })

  it('is not for workers', async () => {
    fakeCore({})
    const mounted = await mountAt('/staff/accounts', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('home')
    expect(hasTestId('menu-staff-accounts')).toBe(false)
  })
})
