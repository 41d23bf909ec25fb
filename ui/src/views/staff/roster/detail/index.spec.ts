import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { WorkerDetail } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, hasTestId, mountAt, session, typeInto } from '@/testing'
import { record, staffCore } from '../../fixtures'

// PDF.js needs a real canvas: the print page's preview is stood in for.
vi.mock('@/components/pdf/pdfjs', () => ({
  openPdf: async () => ({ pages: 1, render: async () => {}, close: async () => {} }),
}))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const DETAIL: WorkerDetail = {
  workerId: 7,
  username: 'zhangsan',
  status: 'registered',
  registrationNo: '厦社登202600001',
  validFrom: '2026-01-05',
  validUntil: '2027-01-04',
  frozenReason: null,
  editingUnlocked: false,
  form: record({ idNumber: '350203********1234', contact: { ...record().contact, mobile: '138****8000' } }),
  photo: 'data:image/jpeg;base64,AAAA',
  enteredBy: '李审核',
  enteredAt: '2026-01-04T02:00:00Z',
  createdAt: '2026-01-04T02:00:00Z',
  updatedAt: '2026-01-05T08:00:00Z',
  applications: [
    {
      id: 30,
      kind: 'initial',
      status: 'approved',
      reason: null,
      createdAt: '2026-01-04T02:00:00Z',
      submittedAt: '2026-01-04T02:10:00Z',
      decidedAt: '2026-01-05T08:00:00Z',
      decidedBy: '黄丽',
      decisionComment: '材料齐全',
      enteredBy: '李审核',
    },
  ],
  cards: [
    { id: 3, cardNo: 'XM0001', serialNo: 'SG000001', status: 'valid', issuedAt: '2026-02-01T01:00:00Z', voidedAt: null },
  ],
}

describe('登记详情', { timeout: 30_000 }, () => {
  it('shows the record with code labels, its registration, applications and cards', async () => {
    const calls = staffCore({ worker_detail: () => DETAIL })
    ;({ wrapper } = await mountAt('/staff/roster/7', { status: READY, session: session('reviewer') }))
    expect(calls.find((c) => c.name === 'worker_detail')?.args).toBe(7)
    expect(byTestId('worker-detail-status').textContent?.trim()).toBe('已登记')
    expect(byTestId('worker-detail-registration-no').textContent).toBe('厦社登202600001')
    expect(byTestId('worker-detail-validity').textContent?.trim()).toBe('2026-01-05 至 2027-01-04')
    expect(byTestId('worker-detail-entered-by').textContent?.trim()).toBe('李审核（2026-01-04 10:00:00）')
    expect(byTestId('worker-detail-field-sex').textContent?.trim()).toBe('男')
    expect(byTestId('worker-detail-field-district').textContent?.trim()).toBe('思明区')
    expect(byTestId('worker-detail-field-fields').textContent?.trim()).toBe('民政、社区')
    expect(byTestId('worker-detail-field-idNumber').textContent?.trim()).toBe('350203********1234')
    expect(byTestId('worker-detail-photo').querySelector('img')?.getAttribute('src')).toBe(DETAIL.photo)
    const applications = byTestId('worker-detail-applications').textContent
    for (const text of ['初次登记', '已通过', '2026-01-05 16:00:00', '黄丽', '材料齐全', '李审核']) {
      expect(applications).toContain(text)
    }
    const cards = byTestId('worker-detail-cards').textContent
    for (const text of ['XM0001', 'SG000001', '有效']) expect(cards).toContain(text)
  })

  it('shows a full mobile after asking why', async () => {
    staffCore({ worker_detail: () => DETAIL, reveal: () => '13800138000' })
    ;({ wrapper } = await mountAt('/staff/roster/7', { status: READY, session: session('reviewer') }))
    await clickTestId('worker-detail-reveal-mobile')
    await typeInto('reveal-purpose', '联系本人')
    await clickTestId('reveal-confirm')
    expect(byTestId('worker-detail-field-mobile').textContent?.trim()).toBe('13800138000')
    expect(hasTestId('worker-detail-reveal-mobile')).toBe(false)
  })

  it('prints the record and goes back to the list as it was left', async () => {
    staffCore({ worker_detail: () => DETAIL, roster: () => ({ items: [], total: 0 }), record_pdf: () => ({ base64: 'JVBERi0=', pages: 1, warnings: [], fileName: 'a.pdf' }) })
    const mounted = await mountAt('/staff/roster', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await mounted.router.push({ name: 'staff-roster-detail', params: { workerId: '7' }, state: { roster: '/staff/roster?district=350206' } })
    await vi.waitFor(() => expect(hasTestId('worker-detail-status')).toBe(true), { timeout: 15_000 })
    await clickTestId('worker-detail-print')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/roster/7/print'), { timeout: 15_000 })
    await vi.waitFor(() => expect(hasTestId('print-back')).toBe(true), { timeout: 15_000 })
    await clickTestId('print-back')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/roster/7'), { timeout: 15_000 })
    await vi.waitFor(() => expect(hasTestId('worker-detail-status')).toBe(true), { timeout: 15_000 })
    await clickTestId('worker-detail-back')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/roster?district=350206'), {
      timeout: 15_000,
    })
  })

  it('says when the record does not exist', async () => {
    staffCore({
      worker_detail: () => {
        throw { code: 'not_found', message: '登记记录不存在', fields: null }
      },
    })
    ;({ wrapper } = await mountAt('/staff/roster/99', { status: READY, session: session('admin') }))
    expect(hasTestId('worker-detail-missing')).toBe(true)
  })
})
