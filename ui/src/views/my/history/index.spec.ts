import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApplicationInfo } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, fakeCore, hasTestId, mountAt, session } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function app(id: number, extra: Partial<ApplicationInfo>): ApplicationInfo {
  return {
    id,
    kind: 'renewal',
    status: 'approved',
    reason: null,
    createdAt: '2027-12-01T01:00:00Z',
    submittedAt: '2027-12-01T01:00:00Z',
    decidedAt: '2027-12-03T02:00:00Z',
    decisionComment: '同意续期',
    ...extra,
  }
}

async function open(path: string, rows: ApplicationInfo[]) {
  const calls = fakeCore({ applications_of: () => rows })
  const mounted = await mountAt(path, { status: READY, session: session('worker') })
  wrapper = mounted.wrapper
  return { calls, router: mounted.router }
}

const cells = (id: number) =>
  [...byTestId(`history-row-${id}`).querySelectorAll('td')].map((td) => td.textContent?.trim())
const headers = () => [...document.querySelectorAll('[data-testid="history-table"] th')].map((th) => th.textContent?.trim())

describe('history lists', () => {
  it('续期登记列表 lists the renewals with status and times in China time', async () => {
    const { calls } = await open('/my/history/renewal', [
      app(12, { status: 'submitted', decidedAt: null, decisionComment: null, submittedAt: '2028-12-01T16:30:00Z' }),
      app(5, {}),
    ])
    expect(calls.find((c) => c.name === 'applications_of')?.args).toEqual({
      workerId: null,
      kinds: ['renewal'],
      approvedOnly: false,
    })
    expect(byTestId('history-title').textContent).toBe('续期登记列表')
    expect(headers()).toEqual(['序号', '申请类别', '状态', '提交时间', '审核时间', '审核意见'])
    expect(cells(12)).toEqual(['1', '续期登记', '待审核', '2028-12-02 00:30:00', '—', '—'])
    expect(cells(5)).toEqual(['2', '续期登记', '已通过', '2027-12-01 09:00:00', '2027-12-03 10:00:00', '同意续期'])
  })

  it('恢复登记申请列表 asks for restorations, and says what to do when there are none', async () => {
    const { calls } = await open('/my/history/restoration', [])
    expect(calls.find((c) => c.name === 'applications_of')?.args).toMatchObject({ kinds: ['restoration'] })
    expect(byTestId('history-empty').textContent).toContain('登记被冻结后，可在“个人信息维护”中点击“恢复登记申请”提出申请')
  })

  it('审核通过时间列表 lists every approval of every kind', async () => {
    const { calls } = await open('/my/history/approvals', [
      app(7, { kind: 'card_replacement', reason: '社工卡丢失', decisionComment: null }),
      app(2, { kind: 'initial' }),
    ])
    expect(calls.find((c) => c.name === 'applications_of')?.args).toEqual({ workerId: null, kinds: [], approvedOnly: true })
    expect(headers()).toEqual(['序号', '申请类别', '申请原因', '提交时间', '审核通过时间', '审核意见'])
    expect(cells(7)).toEqual(['1', '社工卡补换', '社工卡丢失', '2027-12-01 09:00:00', '2027-12-03 10:00:00', '—'])
    expect(cells(2)[1]).toBe('初次登记')
    expect(hasTestId('history-empty')).toBe(false)
  })

  it('leads to 个人信息维护 and 首页 from above the list', async () => {
    const { router } = await open('/my/history/renewal', [])
    await clickTestId('history-my')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('my'), { timeout: 8000 })
    await router.push('/my/history/approvals')
    await clickTestId('history-home')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'), { timeout: 8000 })
  })
})
