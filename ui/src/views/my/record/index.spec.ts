import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { RecordView, SaveRecordArgs } from '@/api/generated/bindings'
import { codeTables, recordView } from '@/components/record/fixtures'
import { LEAVE_MESSAGE } from '@/components/record/useUnsavedChanges'
import { confirmState } from '@/composables/useConfirm'
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
  settle,
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

async function open(view: RecordView, handlers: FakeCore = {}, query = 'kind=initial') {
  const calls = fakeCore({ code_tables: () => codeTables(), record_form: () => view, ...handlers })
  const mounted = await mountAt(`/my/record?${query}`, { status: READY, session: session('worker') })
  wrapper = mounted.wrapper
  return { calls, router: mounted.router }
}

const input = (testid: string) => byTestId<HTMLInputElement>(testid)
const saves = (calls: { name: string; args: unknown }[]) =>
  calls.filter((c) => c.name === 'save_record').map((c) => c.args as SaveRecordArgs)

/** Opens the el-select with this testid and clicks the option with this label. */
async function choose(testid: string, label: string) {
  byTestId(testid).querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
    (o) => o.textContent?.trim() === label && o.offsetParent !== undefined,
  )
  if (!option) throw new Error(`no option ${label}`)
  option.click()
  await settle()
}

// The whole form mounts with the app for each case: slower than a small page.
describe('社工信息登记', { timeout: 30_000 }, () => {
  it('shows the three sections with the record’s values and marks required fields', async () => {
    const { calls } = await open(recordView())
    expect(calls.find((c) => c.name === 'record_form')?.args).toEqual({ workerId: null, kind: 'initial' })
    expect(byTestId('record-heading').textContent).toBe('社工信息登记')
    const titles = [...document.querySelectorAll('.section-title')].map((h) => h.textContent)
    expect(titles).toEqual(['基本信息', '通讯信息', '执业信息'])
    expect(input('record-name').value).toBe('张三')
    expect(input('record-id-number').value).toBe('350203199001011234')
    expect(input('record-mobile').value).toBe('13800138000')
    const required = [...document.querySelectorAll('.el-form-item.is-required > .el-form-item__label')].map(
      (l) => l.textContent?.trim(),
    )
    for (const label of ['姓名', '身份证号码', '个人照片', '通讯地址', '是否专职从事社会工作服务', '所在区', '执业领域', '从业经历与业绩']) {
      expect(required, label).toContain(label)
    }
    for (const label of ['婚姻状态', '办公电话', 'QQ', '职称']) expect(required, label).not.toContain(label)
    expect(byTestId('record-district-hint').textContent).toBe('如属市级单位或在市民政局登记注册的机构，请选择“市本级”')
    expect(document.querySelectorAll('[data-testid^="record-field-"]')).toHaveLength(17)
    expect(hasTestId('record-rejected')).toBe(false)
    expect(hasTestId('record-locked')).toBe(false)
  })

  it('saves a draft as typed and says 已保存', async () => {
    const { calls } = await open(recordView(), {
      save_record: (args) => recordView({ form: { ...args.form, name: args.form.name.trim() } }),
    })
    await typeInto('record-native-place', '福建厦门')
    await typeInto('record-name', ' 李四 ')
    expect(hasTestId('record-unsaved')).toBe(true)
    await clickTestId('record-save')
    const [args] = saves(calls)
    expect(args.submit).toBe(false)
    expect(args.kind).toBe('initial')
    expect(args.workerId).toBeNull()
    expect(args.form.name).toBe(' 李四 ')
    expect(args.form.nativePlace).toBe('福建厦门')
    expect(toasts()).toContain('已保存')
    expect(input('record-name').value).toBe('李四')
    expect(hasTestId('record-unsaved')).toBe(false)
  })

  it('keeps what is typed while a draft is being saved', async () => {
    let finish: () => void = () => {}
    await open(recordView(), {
      save_record: (args) =>
        new Promise<RecordView>((resolve) => (finish = () => resolve(recordView({ form: args.form })))),
    })
    await typeInto('record-school', '厦门大学')
    await clickTestId('record-save')
    expect(byTestId('record-save').classList.contains('is-loading')).toBe(true)
    await typeInto('record-major', '社会工作')
    finish()
    await settle()
    expect(input('record-school').value).toBe('厦门大学')
    expect(input('record-major').value).toBe('社会工作')
    expect(hasTestId('record-unsaved')).toBe(true)
  })

  it('keeps everything typed and shows the core’s errors beside their fields when a submit fails', async () => {
    const start = recordView()
    start.form.title = '2'
    const { calls } = await open(start, {
      save_record: () => {
        throw {
          code: 'validation',
          message: '输入有误',
          fields: [
            { field: 'idNumber', message: '身份证号码中的出生日期与所填出生日期不一致' },
            { field: 'titleScores.zh2', message: '请填写社会工作综合能力（中级）成绩' },
            { field: 'photo', message: '请上传个人照片' },
            { field: 'address', message: '请填写通讯地址' },
          ],
        }
      },
    })
    await typeInto('record-experience', '2015年至今在思明区从事社区社会工作。')
    await typeInto('record-title-score-sw2', '75')
    await clickTestId('record-submit')
    await errorsShown()
    expect(saves(calls)[0].submit).toBe(true)
    expect(errorBesideTestId('record-id-number')).toBe('身份证号码中的出生日期与所填出生日期不一致')
    expect(errorBesideTestId('record-title-score-zh2')).toBe('请填写社会工作综合能力（中级）成绩')
    expect(errorBesideTestId('record-photo-choose')).toBe('请上传个人照片')
    expect(errorBesideTestId('record-address')).toBe('请填写通讯地址')
    expect(toasts()).toContain('提交未成功：请按标红处的提示修改后再提交')
    expect(byTestId<HTMLTextAreaElement>('record-experience').value).toBe('2015年至今在思明区从事社区社会工作。')
    expect(input('record-title-score-sw2').value).toBe('75')
    expect(input('record-name').value).toBe('张三')
    expect(input('record-name').disabled).toBe(false)
    expect(hasTestId('record-unsaved')).toBe(true)
    // The cursor waits in the first field marked wrong.
    expect(document.activeElement).toBe(input('record-id-number'))
  })

  it('says 已提交审核 and turns read-only after a submit', async () => {
    await open(recordView(), {
      save_record: (args) =>
        recordView({
          form: args.form,
          editable: false,
          lockedReason: '已提交审核，审核完成前不能修改',
          application: {
            id: 3,
            kind: 'initial',
            status: 'submitted',
            reason: null,
            createdAt: '2026-12-01T08:00:00Z',
            submittedAt: '2026-12-01T08:30:00Z',
            decidedAt: null,
            decisionComment: null,
          },
        }),
    })
    await clickTestId('record-submit')
    expect(toasts()).toContain('已提交审核')
    expect(byTestId('record-locked').textContent).toContain('已提交审核，审核完成前不能修改')
    expect(input('record-name').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-save').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-submit').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-photo-choose').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-back').disabled).toBe(false)
  })

  it('shows the subjects of the chosen title, and sends only theirs', async () => {
    const { calls } = await open(recordView(), { save_record: (args) => recordView({ form: args.form }) })
    expect(hasTestId('record-title-cert-no')).toBe(false)
    expect(document.querySelectorAll('[data-testid^="record-title-score-"]')).toHaveLength(0)

    await choose('record-title', '社会工作师')
    expect(hasTestId('record-title-cert-no')).toBe(true)
    expect(hasTestId('record-title-date')).toBe(true)
    const subjects = () =>
      [...document.querySelectorAll('[data-testid^="record-title-score-"]')].map((e) => e.getAttribute('data-testid'))
    expect(subjects()).toEqual(['record-title-score-zh2', 'record-title-score-sw2', 'record-title-score-fg2'])
    expect(errorBesideTestId('record-title-score-zh2')).toBe('')
    const labels = [...document.querySelectorAll('.scores .el-form-item__label')].map((l) => l.textContent?.trim())
    expect(labels).toEqual(['社会工作综合能力（中级）', '社会工作实务（中级）', '社会工作法规与政策'])
    await typeInto('record-title-score-zh2', '80')

    await choose('record-title', '助理社会工作师')
    expect(subjects()).toEqual(['record-title-score-zh1', 'record-title-score-sw1'])
    await typeInto('record-title-score-zh1', '66.5')
    await clickTestId('record-save')
    expect(saves(calls)[0].form.title).toBe('1')
    expect(saves(calls)[0].form.titleScores).toEqual({ zh1: '66.5' })

    // Back to 社会工作师: the score typed for it is still there.
    await choose('record-title', '社会工作师')
    expect(input('record-title-score-zh2').value).toBe('80')

    await choose('record-title', '无')
    expect(hasTestId('record-title-cert-no')).toBe(false)
  })

  it('checks a score and an ID number as the cursor leaves them', async () => {
    const start = recordView()
    start.form.title = '3'
    await open(start)
    await typeInto('record-title-score-sw3', '101')
    byTestId('record-title-score-sw3').dispatchEvent(new FocusEvent('blur'))
    await typeInto('record-id-number', '350203199001011235')
    byTestId('record-id-number').dispatchEvent(new FocusEvent('blur'))
    await errorsShown()
    expect(errorBesideTestId('record-title-score-sw3')).toBe('成绩应为0至100之间的数字，最多保留一位小数')
    expect(errorBesideTestId('record-id-number')).toBe('身份证号码校验位不正确')
  })

  it('shows the reviewer’s comment when the last submission was rejected', async () => {
    await open(
      recordView({
        application: {
          id: 3,
          kind: 'initial',
          status: 'rejected',
          reason: null,
          createdAt: '2026-12-01T08:00:00Z',
          submittedAt: '2026-12-01T08:30:00Z',
          decidedAt: '2026-12-02T02:00:00Z',
          decisionComment: '照片不清晰，请重新上传',
        },
      }),
      {},
      'kind=initial&edit=1',
    )
    expect(byTestId('record-heading').textContent).toBe('社工信息修改')
    const alert = byTestId('record-rejected').textContent ?? ''
    expect(alert).toContain('审核意见：照片不清晰，请重新上传')
    expect(alert).toContain('2026-12-02 10:00:00')
    expect(input('record-name').disabled).toBe(false)
  })

  it('shows why the form cannot be edited, and disables it', async () => {
    await open(
      recordView({ editable: false, lockedReason: '登记有效期至 2027-12-01，可于 2027-10-02 起申请续期', kind: 'renewal' }),
      {},
      'kind=renewal',
    )
    expect(byTestId('record-heading').textContent).toBe('续期登记申请')
    expect(byTestId('record-locked').textContent).toContain('登记有效期至 2027-12-01，可于 2027-10-02 起申请续期')
    expect(input('record-name').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('record-submit').disabled).toBe(true)
  })

  it('saves with Ctrl+S, and Enter in a field sends nothing', async () => {
    const { calls } = await open(recordView(), { save_record: (args) => recordView({ form: args.form }) })
    await typeInto('record-school', '厦门大学')
    const field = input('record-school')
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    field.closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await settle()
    expect(saves(calls)).toHaveLength(0)
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true }))
    await settle()
    expect(saves(calls)).toHaveLength(1)
    expect(saves(calls)[0]).toMatchObject({ submit: false, form: { school: '厦门大学' } })
  })

  it('重置 asks before dropping changes and goes back to the last saved state', async () => {
    await open(recordView())
    await clickTestId('record-reset')
    expect(confirmState.open).toBe(false)
    await typeInto('record-name', '王五')
    await clickTestId('record-reset')
    expect(byTestId('confirm-message').textContent).toContain('恢复为上次保存的内容')
    await clickTestId('confirm-cancel')
    expect(input('record-name').value).toBe('王五')
    await clickTestId('record-reset')
    await clickTestId('confirm-ok')
    expect(input('record-name').value).toBe('张三')
    expect(hasTestId('record-unsaved')).toBe(false)
  })

  it('asks before leaving with unsaved changes', async () => {
    const { router } = await open(recordView())
    await typeInto('record-major', '社会工作')
    await clickTestId('record-back')
    expect(byTestId('confirm-message').textContent).toBe(LEAVE_MESSAGE)
    await clickTestId('confirm-cancel')
    expect(router.currentRoute.value.name).toBe('my-record')
    await clickTestId('record-back')
    await clickTestId('confirm-ok')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('my'), { timeout: 8000 })
  })

  it('chooses a photo through the core, and shows its error beside it', async () => {
    let fail = false
    const { calls } = await open(recordView(), {
      choose_photo: () => {
        if (fail) throw { code: 'validation', message: '输入有误', fields: [{ field: 'photo', message: '照片文件不能超过5MB' }] }
        return { photoId: 41, dataUrl: 'data:image/jpeg;base64,AAAA' }
      },
      save_record: (args) => recordView({ form: args.form, photo: 'data:image/jpeg;base64,AAAA' }),
    })
    await clickTestId('record-photo-choose')
    expect(calls.find((c) => c.name === 'choose_photo')?.args).toEqual({ workerId: null })
    expect(byTestId('record-photo').querySelector('img')?.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA')
    expect(byTestId('record-photo-choose').textContent?.trim()).toBe('更换照片')
    await clickTestId('record-save')
    expect(saves(calls)[0].form.photoId).toBe(41)

    fail = true
    await clickTestId('record-photo-choose')
    await errorsShown()
    expect(errorBesideTestId('record-photo-choose')).toBe('照片文件不能超过5MB')
  })

  it('shows a conflict from the core as a message', async () => {
    await open(recordView(), {
      save_record: () => {
        throw { code: 'conflict', message: '已有一份初次登记正在等待审核', fields: null }
      },
    })
    await clickTestId('record-submit')
    expect(toasts()).toContain('已有一份初次登记正在等待审核')
  })
})
