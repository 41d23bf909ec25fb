import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { FreezeCandidate, FreezeManyArgs } from '@/api/generated/bindings'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
} from '@/testing'
import { staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const CANDIDATES: FreezeCandidate[] = [
  { workerId: 101, name: '张三', registrationNo: '厦社登202400001', validUntil: '2025-10-01', daysOverdue: 61 },
  { workerId: 102, name: '李四', registrationNo: '厦社登202400002', validUntil: '2025-11-01', daysOverdue: 30 },
  { workerId: 103, name: '王五', registrationNo: '厦社登202400003', validUntil: '2025-11-02', daysOverdue: 29 },
]

const PERIODS = { fullTimeYears: 1, otherYears: 3, renewalOpenDays: 60, graceDays: 30, registrationPrefix: '厦社登' }

function core(list: FreezeCandidate[] = CANDIDATES) {
  let left = [...list]
  const freezes: FreezeManyArgs[] = []
  const calls = staffCore({
    period_settings: () => PERIODS,
    freeze_candidates: () => left,
    freeze_expired: (a) => {
      freezes.push(a)
      left = left.filter((c) => !a.workerIds.includes(c.workerId))
      return a.workerIds.length
    },
  })
  return { freezes, calls }
}

const checked = (testid: string) => byTestId(testid).classList.contains('is-checked')

describe('冻结管理', { timeout: 30_000 }, () => {
  it('previews the records past the grace, none checked until the admin checks them', async () => {
    core()
    ;({ wrapper } = await mountAt('/admin/freeze', { status: READY, session: session('admin') }))
    const rows = wrapper.findAll('.el-table__body-wrapper tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].text()).toContain('张三')
    expect(rows[0].text()).toContain('厦社登202400001')
    expect(rows[0].text()).toContain('2025-10-01')
    expect(rows[0].text()).toContain('61 天')
    for (const id of [101, 102, 103]) expect(checked(`freeze-row-${id}`)).toBe(false)
    expect(checked('freeze-all')).toBe(false)
    expect(byTestId('freeze-picked').textContent).toContain('已选 0 条')
    expect(byTestId<HTMLButtonElement>('freeze-submit').disabled).toBe(true)
    expect(wrapper.text()).toContain('超过宽限期（30 天）')
  })

  it('needs a reason, asks first, and freezes only the checked records', async () => {
    const { freezes } = core()
    ;({ wrapper } = await mountAt('/admin/freeze', { status: READY, session: session('admin') }))
    byTestId('freeze-row-101').click()
    byTestId('freeze-row-103').click()
    await settle()
    expect(checked('freeze-row-102')).toBe(false)
    expect(byTestId('freeze-all').querySelector('.is-indeterminate')).not.toBeNull()

    await clickTestId('freeze-submit')
    await errorsShown()
    expect(errorBesideTestId('freeze-reason')).toBe('请填写冻结原因')
    expect(freezes).toHaveLength(0)

    await typeInto('freeze-reason', ' 登记有效期届满超过宽限期未续期 ')
    await clickTestId('freeze-submit')
    expect(byTestId('confirm-message').textContent).toBe('将冻结 2 条登记记录，确定吗？')
    await clickTestId('confirm-cancel')
    expect(freezes).toHaveLength(0)

    await clickTestId('freeze-submit')
    await clickTestId('confirm-ok')
    expect(freezes).toEqual([{ workerIds: [101, 103], reason: '登记有效期届满超过宽限期未续期' }])
    expect(toasts()).toContain('已冻结 2 条登记记录')
    // The list is asked again: only the one left out remains, not checked.
    const rows = wrapper.findAll('.el-table__body-wrapper tr')
    expect(rows).toHaveLength(1)
    expect(checked('freeze-row-102')).toBe(false)
    expect(byTestId<HTMLInputElement>('freeze-reason').value).toBe('')
  })

  it('cannot freeze with nothing checked', async () => {
    core()
    ;({ wrapper } = await mountAt('/admin/freeze', { status: READY, session: session('admin') }))
    expect(byTestId<HTMLButtonElement>('freeze-submit').disabled).toBe(true)
    byTestId('freeze-all').click()
    await settle()
    expect(byTestId('freeze-picked').textContent).toContain('已选 3 条')
    byTestId('freeze-all').click()
    await settle()
    expect(byTestId('freeze-picked').textContent).toContain('已选 0 条')
    expect(byTestId<HTMLButtonElement>('freeze-submit').disabled).toBe(true)
  })

  it('says so when no record is past the grace', async () => {
    core([])
    ;({ wrapper } = await mountAt('/admin/freeze', { status: READY, session: session('admin') }))
    expect(byTestId('freeze-empty').textContent).toContain('没有超过宽限期的登记')
    expect(byTestId<HTMLButtonElement>('freeze-submit').disabled).toBe(true)
  })

  it('is for admins only', async () => {
    core()
    const mounted = await mountAt('/admin/freeze', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('home')
  })
})
