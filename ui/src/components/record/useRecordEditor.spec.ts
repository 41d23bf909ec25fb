import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import type { RecordView, SaveRecordArgs } from '@/api/generated/bindings'
import { confirmCancel, confirmOk, confirmState } from '@/composables/useConfirm'
import { connectSession } from '@/session-events'
import { useSessionStore } from '@/stores/session'
import { fakeCore, session, type FakeCore } from '@/testing'
import { codeTables, recordView } from './fixtures'
import { RESET_QUESTION, snapshot, useRecordEditor, type RecordTarget } from './useRecordEditor'

const { message } = vi.hoisted(() => ({ message: Object.assign(vi.fn(), { closeAll: vi.fn() }) }))
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: message,
}))

let unmount: (() => void) | undefined
afterEach(() => {
  unmount?.()
  unmount = undefined
  message.mockReset()
})

/** The composable on a route page of its own, as the record pages use it. */
async function editor(
  handlers: FakeCore,
  opts: { target?: RecordTarget; submittedMessage?: (v: RecordView) => string; onSaved?: (v: RecordView, submit: boolean) => void } = {},
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().start(session('reviewer'))
  const calls = fakeCore({ code_tables: () => codeTables(), record_form: () => recordView(), ...handlers })
  let state!: ReturnType<typeof useRecordEditor>
  const Page = defineComponent({
    setup() {
      state = useRecordEditor({
        target: () => opts.target ?? { workerId: 7, kind: 'initial' },
        submittedMessage: opts.submittedMessage,
        onSaved: opts.onSaved,
      })
      return () => h('div')
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Page }] })
  connectSession(router)
  await router.push('/')
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [pinia, router] } })
  unmount = () => wrapper.unmount()
  await flushPromises()
  await state.load()
  return { state, calls }
}


const saves = (calls: { name: string; args: unknown }[]) =>
  calls.filter((c) => c.name === 'save_record').map((c) => c.args as SaveRecordArgs)

describe('useRecordEditor', () => {
  it('reads the code tables and the record of its target', async () => {
    const { state, calls } = await editor({}, { target: { workerId: 7, kind: 'renewal' } })
    expect(calls.find((c) => c.name === 'record_form')?.args).toEqual({ workerId: 7, kind: 'renewal' })
    expect(state.codes.value?.sex).toHaveLength(2)
    expect(state.form.value.name).toBe('张三')
    expect(state.editable.value).toBe(true)
    expect(state.dirty.value).toBe(false)
    expect(state.loading.value).toBe(false)
  })

  it('shows why the record could not be read', async () => {
    const { state } = await editor({
      record_form: () => {
        throw { code: 'not_found', message: '社工不存在', fields: null }
      },
    })
    expect(state.loadError.value).toBe('社工不存在')
    expect(state.view.value).toBeNull()
  })

  it('saves a draft and shows the form as the core stored it', async () => {
    const { state, calls } = await editor({
      save_record: (args) => recordView({ form: { ...args.form, name: args.form.name.trim() } }),
    })
    state.form.value.name = ' 李四 '
    expect(state.dirty.value).toBe(true)
    await state.save(false)
    expect(saves(calls)).toEqual([expect.objectContaining({ workerId: 7, kind: 'initial', submit: false })])
    expect(saves(calls)[0].form.name).toBe(' 李四 ')
    expect(state.form.value.name).toBe('李四')
    expect(state.dirty.value).toBe(false)
    expect(message).toHaveBeenCalledWith(expect.objectContaining({ type: 'success', message: '已保存' }))
  })

  it('keeps what is typed during a save', async () => {
    let finish: () => void = () => {}
    const { state } = await editor({
      save_record: (args) =>
        new Promise<RecordView>((resolve) => (finish = () => resolve(recordView({ form: { ...args.form, school: args.form.school.trim() } })))),
    })
    state.form.value.school = '厦门大学 '
    const saving = state.save(false)
    await flushPromises()
    expect(state.busy.value).toBe('save')
    // Typed while the core is still saving.
    state.form.value.major = '社会工作'
    finish()
    await saving
    expect(state.busy.value).toBeNull()
    expect(state.form.value.school).toBe('厦门大学 ')
    expect(state.form.value.major).toBe('社会工作')
    // Unsaved, measured against what the core stored.
    expect(state.dirty.value).toBe(true)
    // 重置 goes back to what was saved, not to what was first read.
    const resetting = state.reset()
    confirmOk()
    await resetting
    expect(state.form.value.school).toBe('厦门大学')
    expect(state.form.value.major).toBe('')
  })

  it('submits, says so in the page’s words and tells the page', async () => {
    const onSaved = vi.fn()
    const { state } = await editor(
      { save_record: (args) => recordView({ form: args.form, editable: false }) },
      { submittedMessage: (v) => `已为 ${v.form.name} 提交审核`, onSaved },
    )
    await state.save(true)
    expect(message).toHaveBeenCalledWith(expect.objectContaining({ type: 'success', message: '已为 张三 提交审核' }))
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ editable: false }), true)
    expect(state.editable.value).toBe(false)
    // A record that cannot be edited sends nothing.
    await state.save(false)
    expect(onSaved).toHaveBeenCalledTimes(1)
  })

  it('keeps everything typed and puts the core’s reasons beside their fields when a save fails', async () => {
    const onSaved = vi.fn()
    const { state } = await editor(
      {
        save_record: () => {
          throw { code: 'validation', message: '输入有误', fields: [{ field: 'id_number', message: '身份证号码校验位错误' }] }
        },
      },
      { onSaved },
    )
    state.form.value.idNumber = '350203199001011235'
    await state.save(true)
    expect(state.form.value.idNumber).toBe('350203199001011235')
    expect(state.errors.idNumber).toBe('身份证号码校验位错误')
    expect(state.dirty.value).toBe(true)
    expect(onSaved).not.toHaveBeenCalled()
    expect(message).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'error', message: '提交未成功：请按标红处的提示修改后再提交' }),
    )
  })

  it('keeps everything typed and says why when the disk is full', async () => {
    const full = '磁盘空间已满，本次修改未保存（已填写的内容仍在页面上）。请清理数据文件夹所在磁盘的空间后再保存'
    const { state } = await editor({
      save_record: () => {
        throw { code: 'database', message: full, fields: null }
      },
    })
    state.form.value.experience = '刚刚输入的从业经历'
    state.form.value.contact.address = '厦门市湖里区新地址'
    await state.save(false)
    expect(state.form.value.experience).toBe('刚刚输入的从业经历')
    expect(state.form.value.contact.address).toBe('厦门市湖里区新地址')
    expect(state.dirty.value).toBe(true)
    expect(message).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', message: full }))
  })

  it('asks before 重置 drops changes, and not when there are none', async () => {
    const { state } = await editor({})
    await state.reset()
    expect(confirmState.open).toBe(false)
    state.form.value.name = '王五'
    const kept = state.reset()
    expect(confirmState.options.message).toBe(RESET_QUESTION)
    confirmCancel()
    await kept
    expect(state.form.value.name).toBe('王五')
    const dropped = state.reset()
    confirmOk()
    await dropped
    expect(state.form.value.name).toBe('张三')
    expect(state.dirty.value).toBe(false)
  })
})

describe('snapshot', () => {
  it('ignores the order of title scores and empty ones', () => {
    const a = recordView().form
    const b = recordView().form
    a.titleScores = { x: '60', y: '70', z: '' }
    b.titleScores = { y: '70', x: '60' }
    expect(snapshot(a)).toBe(snapshot(b))
    b.titleScores = { y: '71', x: '60' }
    expect(snapshot(a)).not.toBe(snapshot(b))
  })
})
