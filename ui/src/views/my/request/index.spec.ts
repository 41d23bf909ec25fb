import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApplicationInfo, RequestArgs } from '@/api/generated/bindings'
import { hub } from '@/components/record/fixtures'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  hasTestId,
  mountAt,
  session,
  toasts,
  typeInto,
  type FakeCore,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function application(extra: Partial<ApplicationInfo> = {}): ApplicationInfo {
  return {
    id: 9,
    kind: 'modification_request',
    status: 'submitted',
    reason: '工作单位变更',
    createdAt: '2026-12-01T08:00:00Z',
    submittedAt: '2026-12-01T08:00:00Z',
    decidedAt: null,
    decisionComment: null,
    ...extra,
  }
}

async function open(kind: string, handlers: FakeCore) {
  const calls = fakeCore({ applications_of: () => [], ...handlers })
  const mounted = await mountAt(`/my/request?kind=${kind}`, { status: READY, session: session('worker') })
  wrapper = mounted.wrapper
  return { calls, router: mounted.router }
}

describe('信息修改申请 and 社工卡补换申请', () => {
  it('sends the reason and returns to the hub', async () => {
    const { calls, router } = await open('modification_request', {
      hub: () => hub({}, { status: 'registered' }),
      submit_request: () => application(),
    })
    expect(byTestId('request-title').textContent).toBe('信息修改申请')
    expect(hasTestId('request-card-no')).toBe(false)
    await clickTestId('request-submit')
    await errorsShown()
    expect(errorBesideTestId('request-reason')).toBe('请填写申请原因')
    expect(calls.some((c) => c.name === 'submit_request')).toBe(false)

    await typeInto('request-reason', '  工作单位变更  ')
    await clickTestId('request-submit')
    expect(calls.find((c) => c.name === 'submit_request')?.args).toEqual<RequestArgs>({
      workerId: null,
      kind: 'modification_request',
      reason: '工作单位变更',
    })
    expect(toasts()).toContain('信息修改申请已提交，请等待审核')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('my'), { timeout: 8000 })
  })

  it('shows the card number and serial filled in by the system', async () => {
    const { calls } = await open('card_replacement', {
      hub: () => hub({}, { status: 'registered', cardNo: 'XM0001', cardSerial: 'S0002' }),
      submit_request: () => application({ kind: 'card_replacement' }),
    })
    expect(byTestId('request-title').textContent).toBe('社工卡补换申请')
    const cardNo = byTestId<HTMLInputElement>('request-card-no')
    expect(cardNo.value).toBe('XM0001')
    expect(cardNo.readOnly).toBe(true)
    expect(byTestId<HTMLInputElement>('request-card-serial').value).toBe('S0002')
    await typeInto('request-reason', '社工卡丢失')
    await clickTestId('request-submit')
    expect(calls.find((c) => c.name === 'submit_request')?.args).toMatchObject({ kind: 'card_replacement', reason: '社工卡丢失' })
  })

  it('says why the request cannot be made now', async () => {
    await open('card_replacement', { hub: () => hub({ card_replacement: '尚未发放社工卡' }, { status: 'registered' }) })
    expect(byTestId('request-locked').textContent).toContain('尚未发放社工卡')
    expect(byTestId<HTMLButtonElement>('request-submit').disabled).toBe(true)
    expect(byTestId<HTMLTextAreaElement>('request-reason').disabled).toBe(true)
  })

  it('shows the comment on the last rejected request, and the core’s errors', async () => {
    await open('modification_request', {
      hub: () => hub({}, { status: 'registered' }),
      applications_of: () => [
        application({ status: 'rejected', decidedAt: '2026-12-02T02:00:00Z', decisionComment: '原因不充分' }),
      ],
      submit_request: () => {
        throw { code: 'conflict', message: '已有一份信息修改申请正在等待审核', fields: null }
      },
    })
    expect(byTestId('request-last-rejected').textContent).toContain('审核意见：原因不充分')
    await typeInto('request-reason', '更正学历')
    await clickTestId('request-submit')
    expect(toasts()).toContain('已有一份信息修改申请正在等待审核')
    expect(byTestId<HTMLTextAreaElement>('request-reason').value).toBe('更正学历')
  })

  it('returns to the hub', async () => {
    const { router } = await open('modification_request', { hub: () => hub() })
    await clickTestId('request-back')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('my'), { timeout: 8000 })
  })
})
