import { reactive } from 'vue'
import { showError, toApiError } from '@/api'

export interface ConfirmOptions {
  /** The question, e.g. 确定停用账号 zhang01（张三）吗？ */
  message: string
  title?: string
  okText?: string
  cancelText?: string
  /** Paints 确定 red: the action is hard to undo. */
  danger?: boolean
  /**
   * Runs after 确定 while the dialog stays open with 确定 loading, like 退出登录. It shows its own
   * errors; one it throws is shown here, and `confirm` then resolves false.
   */
  action?: () => Promise<unknown>
}

/** The one confirmation dialog of the app (drawn by components/ConfirmDialog.vue in App.vue). */
export const confirmState = reactive({
  open: false,
  busy: false,
  options: { message: '' } as ConfirmOptions,
})

let settle: ((ok: boolean) => void) | null = null

/**
 * Asks before a destructive action. Resolves true once 确定 was pressed (and `action`, if
 * given, succeeded); false for 取消, closing, or a newer question taking its place.
 */
export function confirm(options: ConfirmOptions): Promise<boolean> {
  settle?.(false)
  confirmState.options = options
  confirmState.busy = false
  confirmState.open = true
  return new Promise((resolve) => {
    settle = resolve
  })
}

function finish(ok: boolean) {
  const resolve = settle
  settle = null
  confirmState.open = false
  confirmState.busy = false
  resolve?.(ok)
}

export async function confirmOk() {
  if (confirmState.busy || !confirmState.open) return
  const action = confirmState.options.action
  if (!action) {
    finish(true)
    return
  }
  confirmState.busy = true
  try {
    await action()
    finish(true)
  } catch (e) {
    finish(false)
    showError(toApiError(e))
  }
}

export function confirmCancel() {
  if (confirmState.busy) return
  finish(false)
}

/** Drops an open question unanswered (the page behind it went away). */
export function confirmDismiss() {
  if (settle || confirmState.open) finish(false)
}
