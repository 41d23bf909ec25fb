import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AccessQuery, AccessRow } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, mountAt, session, typeInto } from '@/testing'
import { staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ROWS: AccessRow[] = [
  { id: 2, at: '2026-12-01T08:30:00Z', staff: '李审核（reviewer01）', worker: '张三（zhang01）', view: 'application', applicationId: 8, note: null },
  { id: 1, at: '2026-11-30T16:00:00Z', staff: '王管理（admin01）', worker: '张三（zhang01）', view: 'batch_print', applicationId: null, note: '批量打印 2 份，用途：年度检查' },
]

function core(rows: AccessRow[] = ROWS) {
  const queries: AccessQuery[] = []
  staffCore({ access_log: (q) => (queries.push(q), { items: rows, total: rows.length }) })
  return queries
}

describe('访问日志', { timeout: 30_000 }, () => {
  it('lists who read whose data, when and how, in China time and in Chinese', async () => {
    const queries = core()
    ;({ wrapper } = await mountAt('/admin/access', { status: READY, session: session('admin') }))
    expect(queries[0]).toEqual({ staff: '', worker: '', view: null, from: '', to: '', page: 1, pageSize: 20 })
    expect(byTestId('access-row-2').textContent).toBe('2026-12-01 16:30:00')
    const rows = wrapper.findAll('.el-table__body-wrapper tr.el-table__row')
    expect(rows[0].text()).toContain('李审核（reviewer01）')
    expect(rows[0].text()).toContain('查看申请详情')
    expect(rows[0].text()).toContain('申请编号 8')
    expect(rows[1].text()).toContain('批量打印登记表')
    expect(rows[1].text()).toContain('用途：年度检查')
  })

  it('filters by worker, staff and view, and starts from a worker named in the address', async () => {
    let queries = core()
    ;({ wrapper } = await mountAt('/admin/access', { status: READY, session: session('admin') }))
    await typeInto('access-worker', ' 张三 ')
    await typeInto('access-staff', '李审核')
    await clickTestId('access-search')
    expect(queries[queries.length - 1]).toEqual({ staff: '李审核', worker: '张三', view: null, from: '', to: '', page: 1, pageSize: 20 })
    await clickTestId('access-view-record')
    expect(queries[queries.length - 1]).toMatchObject({ view: 'record', page: 1 })
    wrapper.unmount()

    queries = core([])
    ;({ wrapper } = await mountAt('/admin/access?worker=zhang01', { status: READY, session: session('admin') }))
    expect(queries[0]).toMatchObject({ worker: 'zhang01' })
    expect(byTestId('access-empty').textContent).toContain('没有符合条件的访问记录')
  })
})
