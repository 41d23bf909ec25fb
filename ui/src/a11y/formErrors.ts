/**
 * Ties every form error Element Plus shows to its field, for every form of the app at once: the
 * error (`.el-form-item__error`) gets an id and `role="alert"` (read out when it appears), and the
 * inputs of its form item get `aria-invalid="true"` and the error's id in `aria-describedby`;
 * both are taken back when the error goes. Pages need do nothing.
 */

const MARK = 'data-error-described'
let counter = 0

function inputsOf(item: Element): HTMLElement[] {
  // The item's own inputs, not those of a form item nested in it (考试成绩's subjects).
  return Array.from(item.querySelectorAll<HTMLElement>('input, textarea')).filter(
    (input) => input.closest('.el-form-item') === item && input.getAttribute('type') !== 'hidden',
  )
}

function tokens(el: Element): string[] {
  return (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
}

/** Brings the attributes under `root` in line with the errors shown now. */
export function syncFormErrors(root: ParentNode = document): void {
  const live = new Set<string>()
  for (const error of Array.from(root.querySelectorAll<HTMLElement>('.el-form-item__error'))) {
    if (!error.id) error.id = `field-error-${++counter}`
    if (error.getAttribute('role') !== 'alert') error.setAttribute('role', 'alert')
    live.add(error.id)
    const item = error.closest('.el-form-item')
    if (!item) continue
    for (const input of inputsOf(item)) {
      const ids = tokens(input)
      if (!ids.includes(error.id)) input.setAttribute('aria-describedby', [...ids, error.id].join(' '))
      if (input.getAttribute('aria-invalid') !== 'true') input.setAttribute('aria-invalid', 'true')
      const marked = (input.getAttribute(MARK) ?? '').split(' ').filter(Boolean)
      if (!marked.includes(error.id)) input.setAttribute(MARK, [...marked, error.id].join(' '))
    }
  }
  for (const input of Array.from(root.querySelectorAll<HTMLElement>(`[${MARK}]`))) {
    const marked = (input.getAttribute(MARK) ?? '').split(' ').filter(Boolean)
    const gone = marked.filter((id) => !live.has(id))
    if (gone.length === 0) continue
    const rest = tokens(input).filter((id) => !gone.includes(id))
    if (rest.length) input.setAttribute('aria-describedby', rest.join(' '))
    else input.removeAttribute('aria-describedby')
    const still = marked.filter((id) => live.has(id))
    if (still.length) {
      input.setAttribute(MARK, still.join(' '))
    } else {
      input.removeAttribute(MARK)
      input.removeAttribute('aria-invalid')
    }
  }
}
