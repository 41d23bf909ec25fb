import { nextTick } from 'vue'

/**
 * Puts the cursor in the first field marked wrong inside `root`, so that the user can fix it
 * at once. Waits for el-form-item to show the errors first.
 *
 * When the cursor already sits in a field marked wrong it stays there: leaving that field would
 * run its blur check, which passes the client rules and so wipes the message the core put
 * beside it (这个身份证号码已注册过, for instance).
 */
export async function focusFirstError(root: HTMLElement | null | undefined): Promise<void> {
  await nextTick()
  if (!root) return
  const active = document.activeElement
  if (active instanceof HTMLElement && root.contains(active) && active.closest('.el-form-item.is-error')) return
  const field = root.querySelector<HTMLElement>('.el-form-item.is-error input, .el-form-item.is-error textarea')
  field?.focus()
}

/**
 * Enter in a form whose submit button sits outside it (a dialog footer) submits, except while
 * an input method is composing (Enter then picks the Chinese characters).
 */
export function onEnter(submit: () => unknown) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return
    if (e.target instanceof HTMLTextAreaElement) return
    e.preventDefault()
    void submit()
  }
}
