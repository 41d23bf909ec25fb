import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { EnterWorkerArgs, RecordView, SaveRecordArgs } from '@/api/generated/bindings'
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
import { record, staffCore } from '../fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const radio = async (testid: string) => {
  byTestId(testid).querySelector('input')!.click()
  await settle()
}

async function fillAccount() {
  await typeInto('enter-username', 'wang05')
  await typeInto('enter-display-name', '王五')
  await typeInto('enter-id-number', '11010519491231002x')
  await typeInto('enter-phone', '13800138000')
}

function view(extra: Partial<RecordView> = {}): RecordView {
  return {
    workerId: 205,
    status: 'unregistered',
    expired: false,
    registrationNo: null,
    validFrom: null,
    validUntil: null,
    kind: 'initial',
    form: record({ name: '王五' }),
    photo: null,
    application: null,
    editable: true,
    lockedReason: null,
    enteredBy: '李审核',
    enteredAt: '2026-12-01T08:30:00Z',
    ...extra,
  }
}

describe('代录入', { timeout: 30_000 }, () => {
  it('step 1 checks the account fields before asking the core', async () => {
    const entered: EnterWorkerArgs[] = []
    staffCore({ enter_worker: (a) => (entered.push(a), { workerId: 205, tempPassword: { password: 'x', mailedTo: null } }) })
    ;({ wrapper } = await mountAt('/staff/enter', { status: READY, session: session('reviewer') }))
    const labels = wrapper.findAll('.el-form-item.is-required .el-form-item__label').map((l) => l.text())
    expect(labels).toEqual(['账号', '姓名', '身份证号码', '手机号码'])
    await radio('enter-handover-mail')
    await clickTestId('enter-submit')
    await errorsShown()
    expect(errorBesideTestId('enter-username')).toBe('请输入账号')
    expect(errorBesideTestId('enter-display-name')).toBe('请输入姓名')
    expect(errorBesideTestId('enter-id-number')).toBe('请输入身份证号码')
    expect(errorBesideTestId('enter-phone')).toBe('请输入手机号码')
    expect(errorBesideTestId('enter-email')).toBe('选择邮件发送临时密码时须填写电子邮箱')
    expect(entered).toHaveLength(0)
  })

  it('step 1 creates the account, shows the temporary password once, then opens the form', async () => {
    const entered: EnterWorkerArgs[] = []
    staffCore({
      enter_worker: (a) => (entered.push(a), { workerId: 205, tempPassword: { password: 'Tmp9kX2mQ7pL', mailedTo: null } }),
      record_form: () => view(),
    })
    const mounted = await mountAt('/staff/enter', { status: READY, session: session('reviewer') })
    wrapper = mounted.wrapper
    await fillAccount()
    await clickTestId('enter-submit')
    expect(entered).toEqual([
      {
        username: 'wang05',
        displayName: '王五',
        idNumber: '11010519491231002X',
        phone: '13800138000',
        email: '',
        handover: 'show',
      },
    ])
    expect(byTestId('temp-password').textContent).toBe('Tmp9kX2mQ7pL')
    expect(document.body.textContent).toContain('社工账号：wang05（王五）')
    await clickTestId('temp-password-close')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/enter/205'), { timeout: 15_000 })
    expect(document.body.textContent).not.toContain('Tmp9kX2mQ7pL')
  })

  it('step 1 submits with Enter and shows the core’s refusal beside the field', async () => {
    staffCore({
      enter_worker: () => {
        throw { code: 'validation', message: '请检查', fields: [{ field: 'id_number', message: '该身份证号码已有账号或登记记录' }] }
      },
    })
    ;({ wrapper } = await mountAt('/staff/enter', { status: READY, session: session('admin') }))
    await fillAccount()
    byTestId('enter-phone').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await errorsShown()
    expect(errorBesideTestId('enter-id-number')).toBe('该身份证号码已有账号或登记记录')
    expect(byTestId<HTMLInputElement>('enter-display-name').value).toBe('王五')
  })

  it('step 2 fills in the worker’s form, saves and submits it for them', async () => {
    const saves: SaveRecordArgs[] = []
    const calls = staffCore({
      record_form: () => view(),
      save_record: (a) => {
        saves.push(a)
        return view({
          form: a.form,
          editable: !a.submit,
          lockedReason: a.submit ? '已提交审核，审核完成前不能修改' : null,
          application: a.submit
            ? {
                id: 40,
                kind: 'initial',
                status: 'submitted',
                reason: null,
                createdAt: '2026-12-01T08:40:00Z',
                submittedAt: '2026-12-01T08:45:00Z',
                decidedAt: null,
                decisionComment: null,
              }
            : null,
        })
      },
    })
    ;({ wrapper } = await mountAt('/staff/enter/205', { status: READY, session: session('reviewer') }))
    expect(calls.find((c) => c.name === 'record_form')?.args).toEqual({ workerId: 205, kind: 'initial' })
    expect(byTestId('enter-entered-by').textContent?.trim()).toBe('代录入：李审核 2026-12-01 16:30:00')
    expect(byTestId('enter-record-title').textContent).toContain('王五')
    expect(hasTestId('record-form')).toBe(true)

    await typeInto('record-school', '集美大学')
    await clickTestId('record-save')
    expect(saves[0]).toMatchObject({ workerId: 205, kind: 'initial', submit: false })
    expect(saves[0].form.school).toBe('集美大学')
    expect(toasts()).toContain('已保存')

    await clickTestId('record-submit')
    expect(saves[1]).toMatchObject({ workerId: 205, kind: 'initial', submit: true })
    expect(hasTestId('enter-submitted')).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-submit').disabled).toBe(true)
  })

  it('step 2 keeps what is typed while a draft is being saved', async () => {
    let finish: () => void = () => {}
    staffCore({
      record_form: () => view(),
      save_record: (a) => new Promise<RecordView>((resolve) => (finish = () => resolve(view({ form: a.form })))),
    })
    ;({ wrapper } = await mountAt('/staff/enter/205', { status: READY, session: session('reviewer') }))
    await typeInto('record-school', '集美大学')
    await clickTestId('record-save')
    expect(byTestId('record-save').classList.contains('is-loading')).toBe(true)
    await typeInto('record-major', '社会学')
    finish()
    await settle()
    expect(byTestId<HTMLInputElement>('record-school').value).toBe('集美大学')
    expect(byTestId<HTMLInputElement>('record-major').value).toBe('社会学')
    expect(hasTestId('record-unsaved')).toBe(true)
  })

  it('says at once when the ID number typed belongs to someone in the register, and offers that record', async () => {
    const asked: string[] = []
    staffCore({
      find_worker_by_id_number: (a) => {
        asked.push(a.idNumber)
        return a.idNumber === '11010519491231002X'
          ? { workerId: 7, name: '王五', username: 'wangwu', status: 'registered', registrationNo: 'XM2026000007' }
          : null
      },
      worker_detail: () => new Promise(() => {}),
    })
    let mounted
    ;({ wrapper, ...mounted } = await mountAt('/staff/enter', { status: READY, session: session('reviewer') }))
    await typeInto('enter-id-number', '1101051949123')
    expect(asked).toEqual([])
    await typeInto('enter-id-number', '11010519491231002x')
    await vi.waitFor(() => expect(hasTestId('enter-known')).toBe(true))
    expect(asked).toEqual(['11010519491231002X'])
    expect(byTestId('enter-known').textContent).toContain('该身份证号码已属于王五（账号 wangwu，已登记，登记证号 XM2026000007）')
    await clickTestId('enter-known-open')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.fullPath).toBe('/staff/roster/7'))
  })

  it('says nothing for a number nobody holds', async () => {
    staffCore({ find_worker_by_id_number: () => null })
    ;({ wrapper } = await mountAt('/staff/enter', { status: READY, session: session('reviewer') }))
    await typeInto('enter-id-number', '11010519491231002x')
    await settle()
    expect(hasTestId('enter-known')).toBe(false)
  })

  it('is for staff only', async () => {
    staffCore()
    const mounted = await mountAt('/staff/enter', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('home')
  })
})
