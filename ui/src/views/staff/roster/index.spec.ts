import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ExportArgs, Progress, RosterQuery, RosterRow } from '@/api/generated/bindings'
import type { FakeCore, ProgressSink } from '@/testing'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  hasTestId,
  held,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
} from '@/testing'
import { staffCore } from '../fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function rosterRow(workerId: number, extra: Partial<RosterRow> = {}): RosterRow {
  return {
    workerId,
    name: '张三',
    sex: '1',
    idNumber: '350203********1234',
    mobile: '138****8000',
    district: '350203',
    title: '3',
    fields: ['01'],
    employer: '厦门市思明区阳光社会工作服务中心',
    fullTime: true,
    xiamenHukou: true,
    status: 'registered',
    registrationNo: '厦社登202600001',
    validFrom: '2026-01-05',
    validUntil: '2027-01-04',
    updatedAt: '2026-01-05T08:00:00Z',
    ...extra,
  }
}

const ROWS: RosterRow[] = [
  rosterRow(7),
  rosterRow(8, {
    name: '李四',
    sex: '2',
    district: '350206',
    title: '',
    status: 'expired',
    registrationNo: '厦社登202500031',
    validUntil: '2026-03-01',
  }),
]

const DEFAULT_QUERY: RosterQuery = {
  status: null,
  district: '',
  title: '',
  field: '',
  fullTime: null,
  xiamenHukou: null,
  validFrom: '',
  validTo: '',
  search: '',
  sort: 'updated',
  page: 1,
  pageSize: 20,
}

const last = <T>(list: T[]) => list[list.length - 1]

function roster(rows: RosterRow[] = ROWS, handlers: FakeCore = {}) {
  const queries: RosterQuery[] = []
  const calls = staffCore({
    roster: (q) => {
      queries.push(q)
      const hits = rows.filter((r) => (q.district === '' || r.district === q.district) && (q.search === '' || r.name.includes(q.search)))
      return { items: hits, total: hits.length }
    },
    ...handlers,
  })
  return { queries, calls }
}

async function open(role: 'reviewer' | 'admin' = 'admin', path = '/staff/roster') {
  const mounted = await mountAt(path, { status: READY, session: session(role) })
  wrapper = mounted.wrapper
  return mounted
}


// The first visit of a lazy page compiles it: slow on a busy machine.
describe('登记名册', { timeout: 30_000 }, () => {
  it('lists the records with code labels, masked ID numbers and mobiles, and their status', async () => {
    const { queries } = roster()
    await open()
    expect(queries[0]).toEqual(DEFAULT_QUERY)
    expect(byTestId('roster-row-7').textContent).toBe('张三')
    expect(byTestId('roster-id-7').textContent).toBe('350203********1234')
    expect(byTestId('roster-mobile-7').textContent).toBe('138****8000')
    expect(byTestId('roster-status-7').textContent?.trim()).toBe('已登记')
    expect(byTestId('roster-status-8').textContent?.trim()).toBe('超期')
    const rows = wrapper!.findAll('.el-table__body-wrapper tr')
    expect(rows[0].text()).toContain('男')
    expect(rows[0].text()).toContain('思明区')
    expect(rows[0].text()).toContain('高级社工师')
    expect(rows[0].text()).toContain('厦社登202600001')
    expect(rows[0].text()).toContain('2027-01-04')
    expect(rows[1].text()).toContain('女')
    expect(rows[1].text()).toContain('湖里区')
    expect(rows[1].text()).toContain('无')
    expect(byTestId('menu-staff-roster')).toBeTruthy()
  })

  it('puts every filter into the query and the address, from the first page', async () => {
    const { queries } = roster()
    const { router } = await open()
    byTestId('roster-district').click()
    await settle()
    await clickTestId('roster-district-350206')
    expect(last(queries)).toEqual({ ...DEFAULT_QUERY, district: '350206' })
    expect(router.currentRoute.value.query).toEqual({ district: '350206' })

    byTestId('roster-status').click()
    await settle()
    await clickTestId('roster-status-expired')
    byTestId('roster-title').click()
    await settle()
    await clickTestId('roster-title-none')
    byTestId('roster-hukou').click()
    await settle()
    await clickTestId('roster-hukou-no')
    expect(last(queries)).toEqual({ ...DEFAULT_QUERY, district: '350206', status: 'expired', title: 'none', xiamenHukou: false })

    // Enter in the search box searches.
    await typeInto('roster-search', ' 李四 ')
    byTestId<HTMLInputElement>('roster-search').form!.requestSubmit()
    await settle()
    expect(last(queries)).toMatchObject({ search: '李四', district: '350206', page: 1 })
    expect(router.currentRoute.value.query).toEqual({
      district: '350206',
      status: 'expired',
      title: 'none',
      xiamenHukou: 'no',
      search: '李四',
    })

    await clickTestId('roster-search-reset')
    expect(last(queries)).toEqual(DEFAULT_QUERY)
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('reads its filter from the address, so that coming back keeps it', async () => {
    const { queries } = roster([])
    await open(
      'reviewer',
      '/staff/roster?status=frozen&district=350203&title=1&field=04&fullTime=yes&xiamenHukou=no&validFrom=2026-01-01&validTo=2026-12-31&search=厦门&sort=valid_until&page=2&size=50',
    )
    expect(queries[0]).toEqual({
      status: 'frozen',
      district: '350203',
      title: '1',
      field: '04',
      fullTime: true,
      xiamenHukou: false,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      search: '厦门',
      sort: 'valid_until',
      page: 2,
      pageSize: 50,
    })
  })

  it('says what to do when the register is empty, and when nothing matches', async () => {
    roster([])
    await open()
    expect(byTestId('roster-empty').textContent).toContain('代录入')
    await typeInto('roster-search', '王五')
    await clickTestId('roster-search-submit')
    expect(byTestId('roster-empty').textContent).toContain('请修改查询条件')
  })

  it('asks why before showing a full ID number, then shows it in place of the mask', async () => {
    const reveals: unknown[] = []
    roster(ROWS, {
      reveal: (args) => {
        reveals.push(args)
        return '350203199001011234'
      },
    })
    await open('reviewer')
    await clickTestId('roster-reveal-id-7')
    expect(byTestId('reveal-dialog').textContent).toContain('张三 的身份证号码')
    await clickTestId('reveal-confirm')
    await errorsShown()
    expect(errorBesideTestId('reveal-purpose')).toBe('请填写查看原因')
    expect(reveals).toHaveLength(0)

    await typeInto('reveal-purpose', '核对本人身份')
    await clickTestId('reveal-confirm')
    expect(reveals).toEqual([{ workerId: 7, field: 'id_number', purpose: '核对本人身份' }])
    expect(byTestId('roster-id-7').textContent).toBe('350203199001011234')
    expect(hasTestId('roster-reveal-id-7')).toBe(false)
    // The mobile and the other rows stay masked.
    expect(byTestId('roster-mobile-7').textContent).toBe('138****8000')
    expect(byTestId('roster-id-8').textContent).toBe('350203********1234')
  })

  it('shows the core’s purpose error beside the field', async () => {
    roster(ROWS, {
      reveal: () => {
        throw { code: 'validation', message: '输入有误', fields: [{ field: 'purpose', message: '查看原因含有不允许的字符' }] }
      },
    })
    await open('reviewer')
    await clickTestId('roster-reveal-mobile-8')
    await typeInto('reveal-purpose', '核对')
    await clickTestId('reveal-confirm')
    await errorsShown()
    expect(errorBesideTestId('reveal-purpose')).toBe('查看原因含有不允许的字符')
  })

  it('exports the filter shown: reviewers get no full-value switch', async () => {
    const exports: ExportArgs[] = []
    roster(ROWS, {
      export_records: (args) => {
        exports.push(args)
        return { rows: 1, path: '/tmp/out/名册.csv' }
      },
    })
    await open('reviewer', '/staff/roster?district=350206')
    await clickTestId('roster-export')
    expect(byTestId('export-filter').textContent).toBe('所在区：湖里区')
    expect(byTestId('export-count').textContent).toBe('1')
    expect(hasTestId('export-unmasked')).toBe(false)
    byTestId('export-format-csv').querySelector('input')!.click()
    byTestId('export-with-codes').querySelector('input')!.click()
    await settle()
    await clickTestId('export-confirm')
    expect(exports).toEqual([
      {
        query: { ...DEFAULT_QUERY, district: '350206' },
        format: 'csv',
        withCodes: true,
        unmasked: false,
        purpose: '',
      },
    ])
    expect(toasts()).toContain('已导出 1 条记录到 /tmp/out/名册.csv')
  })

  it('asks admins for a purpose before a full export, and shows the core’s error beside it', async () => {
    const exports: ExportArgs[] = []
    roster(ROWS, {
      export_records: (args) => {
        exports.push(args)
        throw { code: 'validation', message: '输入有误', fields: [{ field: 'purpose', message: '用途过于简单' }] }
      },
    })
    await open('admin')
    await clickTestId('roster-export')
    expect(hasTestId('export-purpose')).toBe(false)
    byTestId('export-unmasked').click()
    await settle()
    await clickTestId('export-confirm')
    await errorsShown()
    expect(errorBesideTestId('export-purpose')).toBe('导出完整的身份证号码和手机号码须填写用途')
    expect(exports).toHaveLength(0)

    await typeInto('export-purpose', '核查')
    await clickTestId('export-confirm')
    await errorsShown()
    expect(exports[0]).toMatchObject({ format: 'xlsx', unmasked: true, purpose: '核查' })
    expect(errorBesideTestId('export-purpose')).toBe('用途过于简单')
  })

  it('shows the export’s progress and cancels it', async () => {
    let sink: ProgressSink | undefined
    const job = held<null>()
    const { calls } = roster(ROWS, {
      export_records: (_args, _token, onProgress) => {
        sink = onProgress
        return job.promise
      },
      cancel_batch: () => {
        job.answer(null)
        return null
      },
    })
    await open()
    await clickTestId('roster-export')
    await clickTestId('export-confirm')
    expect(byTestId('export-progress-text').textContent?.trim()).toBe('正在准备…')
    sink!.onmessage({ done: 500, total: 2000 } satisfies Progress)
    await settle()
    expect(byTestId('export-progress-text').textContent?.trim()).toBe('已完成 500 / 2000')
    expect(byTestId('export-progress').textContent).toContain('25%')
    await clickTestId('export-cancel')
    expect(calls.some((c) => c.name === 'cancel_batch')).toBe(true)
    expect(toasts()).toContain('已取消导出，未保存文件')
  })

  it('prints the chosen rows, kept across pages, with progress and 取消', async () => {
    let sink: ProgressSink | undefined
    const job = held<string | null>()
    const printed: number[][] = []
    const purposes: string[] = []
    const { calls } = roster(ROWS, {
      save_batch_pdf: (args, _token, onProgress) => {
        printed.push(args.workerIds)
        purposes.push(args.purpose)
        sink = onProgress
        return job.promise
      },
      cancel_batch: () => {
        job.fail({ code: 'cancelled', message: '已取消', fields: null })
        return null
      },
    })
    await open('reviewer')
    expect(byTestId('roster-batch-print').hasAttribute('disabled')).toBe(true)
    byTestId('roster-select-7').querySelector('input')!.click()
    byTestId('roster-select-8').querySelector('input')!.click()
    await settle()
    expect(byTestId('roster-selected').textContent).toContain('已选择 2 条')

    // Another filter leaves the choice as it was.
    await typeInto('roster-search', '李四')
    await clickTestId('roster-search-submit')
    expect(byTestId('roster-selected').textContent).toContain('已选择 2 条')

    await clickTestId('roster-batch-print')
    expect(byTestId('batch-print-count').textContent).toBe('2')
    expect(byTestId('batch-print-names').textContent).toBe('张三、李四')
    // A purpose is asked for first, beside its field.
    await clickTestId('batch-print-start')
    await errorsShown()
    expect(printed).toEqual([])
    expect(errorBesideTestId('batch-print-purpose')).toBe('请填写打印用途')
    await typeInto('batch-print-purpose', ' 年度核查 ')
    await clickTestId('batch-print-start')
    expect(printed).toEqual([[7, 8]])
    expect(purposes).toEqual(['年度核查'])
    sink!.onmessage({ done: 1, total: 2 })
    await settle()
    expect(byTestId('batch-print-progress-text').textContent?.trim()).toBe('已完成 1 / 2')
    await clickTestId('batch-print-cancel')
    expect(calls.some((c) => c.name === 'cancel_batch')).toBe(true)
    expect(toasts()).toContain('已取消批量打印，未保存文件')
  })

  it('tells where the batch PDF was saved', async () => {
    roster(ROWS, { save_batch_pdf: () => '/tmp/out/社会工作者登记申请表-批量.pdf' })
    await open('reviewer')
    byTestId('roster-select-page').querySelector('input')!.click()
    await settle()
    expect(byTestId('roster-selected').textContent).toContain('已选择 2 条')
    await clickTestId('roster-batch-print')
    await typeInto('batch-print-purpose', '年度核查')
    await clickTestId('batch-print-start')
    expect(toasts()).toContain('已将 2 份登记表保存到 /tmp/out/社会工作者登记申请表-批量.pdf')
  })

  it('opens a record’s detail', async () => {
    roster()
    const { router } = await open('reviewer', '/staff/roster?district=350203')
    await clickTestId('roster-open-7')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/staff/roster/7'), { timeout: 15_000 })
  })

  it('is not for workers', async () => {
    roster()
    const mounted = await mountAt('/staff/roster', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('home')
    expect(hasTestId('menu-staff-roster')).toBe(false)
  })
})
