import { syncFormErrors } from './formErrors'

/**
 * What Element Plus leaves unsaid, mended for every page at once (so new pages need do nothing):
 * - the page-size select of a pager (el-pagination's `sizes`) has no name: it is 每页条数;
 * - a half-checked checkbox (本页全选 with some rows chosen) puts `aria-checked="mixed"` on its
 *   `<label>`, where ARIA does not allow it: the state goes on the input (`indeterminate`).
 */
export function mendElementPlus(root: ParentNode = document): void {
  for (const input of Array.from(root.querySelectorAll<HTMLInputElement>('.el-pagination__sizes input:not([aria-label])'))) {
    input.setAttribute('aria-label', '每页条数')
  }
  for (const label of Array.from(root.querySelectorAll<HTMLElement>('label.el-checkbox[aria-checked]'))) {
    const input = label.querySelector<HTMLInputElement>('input[type=checkbox]')
    if (input) input.indeterminate = label.getAttribute('aria-checked') === 'mixed'
    label.removeAttribute('aria-checked')
  }
}

/** Runs {@link syncFormErrors} and {@link mendElementPlus} as the page changes; returns the way to stop. */
export function watchA11y(root: HTMLElement = document.body): () => void {
  let queued = false
  const run = () => {
    syncFormErrors(root)
    mendElementPlus(root)
  }
  const observer = new MutationObserver(() => {
    if (queued) return
    queued = true
    queueMicrotask(() => {
      queued = false
      run()
    })
  })
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-checked'] })
  run()
  return () => observer.disconnect()
}
