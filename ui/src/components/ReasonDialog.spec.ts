import { mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clickTestId, errorBesideTestId, errorsShown, hasTestId, settle, typeInto } from '@/testing'
import ReasonDialog from './ReasonDialog.vue'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const TESTIDS = { field: 'reason-field', cancel: 'reason-cancel', confirm: 'reason-confirm', dialog: 'reason-dialog' }

async function openDialog(props: Record<string, unknown>) {
  // A generic component: its props are typed per use, so the spec passes them loosely.
  wrapper = mount(ReasonDialog as unknown as Parameters<typeof mount>[0], {
    props: {
      modelValue: true,
      'onUpdate:modelValue': (v: boolean) => wrapper?.setProps({ modelValue: v }),
      title: '冻结登记',
      label: '冻结原因',
      placeholder: '如：逾期未续期',
      maxLength: 20,
      confirmText: '冻结',
      field: 'reason',
      testids: TESTIDS,
      send: async () => undefined,
      ...props,
    },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
  await settle()
  return wrapper
}

describe('ReasonDialog', () => {
  it('asks for the reason before sending anything', async () => {
    const send = vi.fn(async () => undefined)
    await openDialog({ send })
    await typeInto('reason-field', '   ')
    await clickTestId('reason-confirm')
    await errorsShown()
    expect(errorBesideTestId('reason-field')).toBe('请填写冻结原因')
    expect(send).not.toHaveBeenCalled()
  })

  it('uses the page’s own words for a missing reason', async () => {
    await openDialog({ requiredMessage: '请填写审核意见，说明退回的原因', label: '审核意见', rows: 4 })
    await clickTestId('reason-confirm')
    await errorsShown()
    expect(errorBesideTestId('reason-field')).toBe('请填写审核意见，说明退回的原因')
    expect(document.querySelector('[data-testid="reason-field"]')?.tagName).toBe('TEXTAREA')
  })

  it('sends the trimmed reason, closes and hands on what the core answered', async () => {
    const send = vi.fn(async (reason: string) => `ok:${reason}`)
    const w = await openDialog({ send })
    await typeInto('reason-field', ' 逾期未续期 ')
    await clickTestId('reason-confirm')
    expect(send).toHaveBeenCalledWith('逾期未续期')
    expect(w.emitted('done')).toEqual([['ok:逾期未续期']])
    expect(w.emitted('update:modelValue')).toEqual([[false]])
  })

  it('sends with Enter from a one-line field', async () => {
    const send = vi.fn(async () => undefined)
    await openDialog({ send })
    await typeInto('reason-field', '逾期未续期')
    document
      .querySelector('[data-testid="reason-field"]')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settle()
    expect(send).toHaveBeenCalledWith('逾期未续期')
  })

  it('shows the core’s refusal beside the field and stays open', async () => {
    const w = await openDialog({
      send: async () => {
        throw { code: 'validation', message: '输入有误', fields: [{ field: 'reason', message: '冻结原因含有不允许的字符' }] }
      },
    })
    await typeInto('reason-field', '逾期')
    await clickTestId('reason-confirm')
    await errorsShown()
    expect(errorBesideTestId('reason-field')).toBe('冻结原因含有不允许的字符')
    expect(w.emitted('done')).toBeUndefined()
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect(hasTestId('reason-confirm')).toBe(true)
  })

  it('closes on a refusal that leaves nothing to do, and says so', async () => {
    const w = await openDialog({
      closeOn: ['conflict', 'not_found'],
      send: async () => {
        throw { code: 'conflict', message: '该申请已被其他审核人员处理', fields: null }
      },
    })
    await typeInto('reason-field', '材料不全')
    await clickTestId('reason-confirm')
    expect(w.emitted('gone')).toHaveLength(1)
    expect(w.emitted('done')).toBeUndefined()
    expect(w.emitted('update:modelValue')).toEqual([[false]])
  })

  it('lets an optional reason stay empty', async () => {
    const send = vi.fn(async () => undefined)
    await openDialog({ send, required: false })
    await clickTestId('reason-confirm')
    expect(send).toHaveBeenCalledWith('')
  })
})
