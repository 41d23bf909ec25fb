import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { READY, byTestId, clickTestId, fakeCore, mountAt, session, settle, toasts } from '@/testing'
import { confirm, confirmState } from './useConfirm'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mounted() {
  fakeCore({})
  const m = await mountAt('/', { status: READY, session: session('worker') })
  wrapper = m.wrapper
  return m
}

describe('confirm', () => {
  it('asks, and answers true for 确定 and false for 取消', async () => {
    await mounted()
    const first = confirm({ message: '确定停用吗？' })
    await settle()
    expect(byTestId('confirm-message').textContent).toBe('确定停用吗？')
    await clickTestId('confirm-ok')
    await expect(first).resolves.toBe(true)

    const second = confirm({ message: '再问一次？', okText: '停用' })
    await settle()
    expect(byTestId('confirm-ok').textContent?.trim()).toBe('停用')
    await clickTestId('confirm-cancel')
    await expect(second).resolves.toBe(false)
  })

  it('runs the action with 确定 loading, and shows its error', async () => {
    await mounted()
    let finish: (v?: unknown) => void = () => {}
    const action = vi.fn(() => new Promise((resolve) => (finish = resolve)))
    const answer = confirm({ message: '确定？', action })
    await settle()
    await clickTestId('confirm-ok')
    expect(action).toHaveBeenCalledTimes(1)
    expect(byTestId('confirm-ok').classList.contains('is-loading')).toBe(true)
    expect(byTestId<HTMLButtonElement>('confirm-cancel').disabled).toBe(true)
    finish()
    await expect(answer).resolves.toBe(true)
    expect(confirmState.open).toBe(false)

    const failing = confirm({
      message: '确定？',
      action: () => Promise.reject({ code: 'conflict', message: '不能停用自己的账号', fields: null }),
    })
    await settle()
    await clickTestId('confirm-ok')
    await expect(failing).resolves.toBe(false)
    expect(toasts()).toContain('不能停用自己的账号')
  })

  it('drops a question when the page changes', async () => {
    const { router } = await mounted()
    const answer = confirm({ message: '确定？' })
    await settle()
    await router.push('/my')
    await expect(answer).resolves.toBe(false)
    expect(confirmState.open).toBe(false)
  })
})
