import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApplicationDetail, DecideArgs } from '@/api/generated/bindings'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  hasTestId,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
} from '@/testing'
import { change, detail, queueRow, record, staffCore } from '../../fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** 信息修改: the employer and the mobile change; the photo too. */
const MODIFICATION = detail({
  info: { ...detail().info, id: 12, kind: 'modification' },
  status: 'registered',
  registrationNo: '厦社登202600001',
  validUntil: '2027-12-01',
  current: record(),
  form: record({
    employer: '厦门市湖里区彩虹社工服务社',
    contact: { ...record().contact, mobile: '13900139000' },
    photoId: 9,
  }),
  currentPhoto: 'data:image/jpeg;base64,OLD',
  photo: 'data:image/jpeg;base64,NEW',
  changes: [
    change('photo', '个人照片', '照片#7', '照片#9'),
    change('mobile', '手机号码', '13800138000', '13900139000'),
    change('employer', '目前所在单位', '厦门市思明区阳光社会工作服务中心', '厦门市湖里区彩虹社工服务社'),
  ],
})

function core(d: ApplicationDetail, decide?: (args: DecideArgs) => unknown) {
  const decisions: DecideArgs[] = []
  const asked: unknown[] = []
  const calls = staffCore({
    application_queue: () => ({ items: [queueRow(d.info.id)], total: 1 }),
    application_detail: (id) => (asked.push(id), d),
    decide_application: (args) => {
      decisions.push(args)
      decide?.(args)
      return { ...d.info, status: args.approve ? 'approved' : 'rejected' }
    },
  })
  return { decisions, asked, calls }
}

/** Opens the application from the queue, as a reviewer does. */
async function openFromQueue(d: ApplicationDetail, query = '') {
  const mounted = await mountAt(`/staff/review${query}`, { status: READY, session: session('reviewer') })
  wrapper = mounted.wrapper
  await clickTestId(`queue-open-${d.info.id}`)
  await vi.waitFor(() => expect(hasTestId('detail-kind')).toBe(true), { timeout: 15_000 })
  return mounted
}

describe('申请详情', { timeout: 30_000 }, () => {
  it('puts the record beside the application and highlights each change', async () => {
    const { asked } = core(MODIFICATION)
    ;({ wrapper } = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') }))
    // The id goes over as a plain number.
    expect(asked).toEqual([12])
    expect(byTestId('detail-kind').textContent).toBe('信息修改')
    expect(byTestId('detail-submitted-at').textContent).toBe('2026-12-01 16:30:00')
    // Opened directly, not from the queue: who entered the record is not known here.
    expect(hasTestId('detail-entered-by')).toBe(false)
    const head = byTestId('detail-compare').querySelector('thead')!.textContent!
    expect(head).toContain('当前登记信息')
    expect(head).toContain('申请后信息')
    expect(byTestId('detail-change-count').textContent).toContain('共有 3 项修改')

    const employer = byTestId('detail-change-employer')
    expect(employer.classList.contains('changed')).toBe(true)
    expect(employer.textContent).toContain('厦门市思明区阳光社会工作服务中心')
    expect(employer.textContent).toContain('厦门市湖里区彩虹社工服务社')
    expect(byTestId('detail-change-mobile').textContent).toContain('13900139000')
    expect(byTestId('detail-change-photo').querySelectorAll('img')).toHaveLength(2)
    // Unchanged fields are shown, in words, and not highlighted.
    const name = byTestId('detail-field-name')
    expect(name.classList.contains('changed')).toBe(false)
    expect(byTestId('detail-field-district').textContent).toContain('思明区')
    expect(byTestId('detail-field-fields').textContent).toContain('民政、社区')
    expect(byTestId('detail-field-titleScores').textContent).toContain('社会工作综合能力（初级）：78')
    expect(hasTestId('detail-change-name')).toBe(false)
    // Grouped by the three sections.
    const sections = [...document.querySelectorAll('.compare .section')].map((s) => s.textContent?.trim())
    expect(sections).toEqual(['基本信息', '通讯信息', '执业信息'])

    byTestId('detail-only-changes').click()
    await settle()
    expect(hasTestId('detail-field-name')).toBe(false)
    expect(hasTestId('detail-change-employer')).toBe(true)
  })

  it('shows only the new side of an 初次登记', async () => {
    core(detail())
    ;({ wrapper } = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') }))
    const head = byTestId('detail-compare').querySelector('thead')!.textContent!
    expect(head).not.toContain('当前登记信息')
    expect(head).toContain('申请登记信息')
    expect(document.querySelectorAll('[data-testid^="detail-change-"]')).toHaveLength(0)
    expect(byTestId('detail-field-sex').textContent).toContain('男')
    expect(byTestId('detail-photo').getAttribute('src')).toBe('data:image/jpeg;base64,AAAA')
  })

  it('shows the reason of a request, and who entered the record', async () => {
    const request = detail({
      info: { ...detail().info, id: 30, kind: 'card_replacement', reason: '社工卡遗失' },
      status: 'registered',
      form: null,
      current: record(),
      cardNo: 'XM0001',
      cardSerial: 'SG2026000001',
    })
    staffCore({
      application_queue: () => ({ items: [queueRow(30, { kind: 'card_replacement', enteredBy: '李审核' })], total: 1 }),
      application_detail: () => request,
    })
    await openFromQueue(request)
    expect(byTestId('detail-reason').textContent).toBe('社工卡遗失')
    expect(byTestId('detail-card').textContent).toContain('SG2026000001')
    expect(byTestId('detail-entered-by').textContent).toBe('李审核')
    expect(hasTestId('detail-compare')).toBe(false)
  })

  it('通过 asks first, then decides and goes back to the queue with its filters', async () => {
    const { decisions } = core(MODIFICATION)
    const mounted = await openFromQueue(MODIFICATION, '?kind=modification')
    await clickTestId('detail-approve')
    expect(byTestId('confirm-message').textContent).toContain('确定通过 张三 的信息修改申请吗？')
    await clickTestId('confirm-cancel')
    expect(decisions).toHaveLength(0)

    await clickTestId('detail-approve')
    await clickTestId('confirm-ok')
    expect(decisions).toEqual([{ applicationId: 12, approve: true, comment: '' }])
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/review?kind=modification'))
    expect(toasts()).toContain('已通过 张三 的信息修改申请')
  })

  it('退回 needs a comment and sends it', async () => {
    const { decisions } = core(MODIFICATION)
    const mounted = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await clickTestId('detail-reject')
    await clickTestId('detail-reject-confirm')
    await errorsShown()
    expect(errorBesideTestId('detail-comment')).toBe('请填写审核意见，说明退回的原因')
    expect(decisions).toHaveLength(0)

    await typeInto('detail-comment', ' 单位名称与证明材料不符 ')
    await clickTestId('detail-reject-confirm')
    expect(decisions).toEqual([{ applicationId: 12, approve: false, comment: '单位名称与证明材料不符' }])
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/review'))
    expect(toasts()).toContain('已退回 张三 的信息修改申请')
  })

  it('goes back when another reviewer decided first', async () => {
    let decided = false
    const d = () => (decided ? { ...MODIFICATION, info: { ...MODIFICATION.info, status: 'approved' as const } } : MODIFICATION)
    staffCore({
      application_detail: () => d(),
      decide_application: () => {
        decided = true
        throw { code: 'conflict', message: '该申请不在待审核状态，可能已被其他审核员处理', fields: null }
      },
    })
    const mounted = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await clickTestId('detail-approve')
    await clickTestId('confirm-ok')
    expect(toasts()).toContain('该申请不在待审核状态，可能已被其他审核员处理')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/review'))
  })

  it('shows a decided application without the buttons', async () => {
    core(
      detail({
        info: {
          ...detail().info,
          status: 'rejected',
          decidedAt: '2026-12-02T01:00:00Z',
          decisionComment: '照片不清晰',
        },
      }),
    )
    ;({ wrapper } = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') }))
    expect(byTestId('detail-status').textContent?.trim()).toBe('未通过')
    expect(byTestId('detail-decision-comment').textContent).toBe('照片不清晰')
    expect(wrapper.text()).toContain('2026-12-02 09:00:00')
    expect(hasTestId('detail-approve')).toBe(false)
    expect(hasTestId('detail-reject')).toBe(false)
  })

  it('lets an admin freeze an expired record from its application, with a reason', async () => {
    const expired = detail({
      info: { ...detail().info, id: 31, kind: 'renewal' },
      status: 'registered',
      expired: true,
      registrationNo: '厦社登202400003',
      validUntil: '2026-10-01',
      current: record(),
    })
    const frozen: unknown[] = []
    staffCore({ application_detail: () => expired, freeze_record: (a) => (frozen.push(a), null) })
    ;({ wrapper } = await mountAt('/staff/review/31', { status: READY, session: session('reviewer') }))
    expect(hasTestId('detail-freeze')).toBe(false)
    wrapper.unmount()
    document.body.innerHTML = ''

    ;({ wrapper } = await mountAt('/staff/review/31', { status: READY, session: session('admin') }))
    await clickTestId('detail-freeze')
    await clickTestId('detail-freeze-confirm')
    await errorsShown()
    expect(errorBesideTestId('detail-freeze-reason')).toBe('请填写冻结原因')
    expect(frozen).toHaveLength(0)
    await typeInto('detail-freeze-reason', '登记有效期届满，未按期申请续期')
    await clickTestId('detail-freeze-confirm')
    expect(frozen).toEqual([{ workerId: 112, reason: '登记有效期届满，未按期申请续期' }])
    expect(toasts()).toContain('已冻结 张三 的登记')
  })

  it('says why the caller may not approve, and shows the decisions already taken', async () => {
    const d = detail({
      level: 'final',
      reviews: [{ level: 'first', approved: true, by: '林思明', at: '2026-12-01T09:00:00Z', comment: '材料齐全' }],
      cannotApprove: '您录入或修改过该申请，按职责分离规定不能审核通过，请由其他审核员审核',
      cannotReject: null,
    })
    const { decisions } = core(d)
    ;({ wrapper } = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') }))
    expect(byTestId('detail-refusal').textContent).toContain('按职责分离规定不能审核通过')
    expect(byTestId('detail-level').textContent?.trim()).toBe('待终审')
    expect(byTestId<HTMLButtonElement>('detail-approve').disabled).toBe(true)
    expect(byTestId('detail-approve').textContent?.trim()).toBe('终审通过')
    expect(byTestId<HTMLButtonElement>('detail-reject').disabled).toBe(false)
    expect(byTestId('detail-review-0-level').textContent).toBe('初审')
    expect(byTestId('detail-review-0-outcome').textContent?.trim()).toBe('通过')
    expect(byTestId('detail-review-0-by').textContent).toBe('林思明')
    expect(byTestId('detail-review-0-comment').textContent).toBe('材料齐全')
    byTestId('detail-approve').click()
    await settle()
    expect(decisions).toEqual([])
  })

  it('passes 初审 and goes back to the queue, where the application now waits for 终审', async () => {
    const d = detail({ level: 'first' })
    const decisions: DecideArgs[] = []
    staffCore({
      application_queue: () => ({ items: [queueRow(d.info.id)], total: 1 }),
      application_detail: () => d,
      decide_application: (args) => (decisions.push(args), { ...d.info, status: 'submitted' }),
    })
    const mounted = await mountAt('/staff/review/12', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    expect(byTestId('detail-approve').textContent?.trim()).toBe('初审通过')
    await clickTestId('detail-approve')
    await clickTestId('confirm-ok')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('staff-review'))
    expect(decisions).toEqual([{ applicationId: 12, approve: true, comment: '' }])
    expect(toasts()).toContain('张三 的初次登记申请已通过初审，转交终审')
  })
})
