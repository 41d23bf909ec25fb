import type { Directive } from 'vue'

/**
 * A date as a clerk types it, in the form the date pickers read (YYYY-MM-DD): `20120701`,
 * `2012-7-1`, `2012.07.01` and `2012/7/1` all give `2012-07-01`. Anything else is left as typed,
 * for the picker (and the form's rules) to judge.
 */
export function normalizeTypedDate(typed: string): string {
  const text = typed.trim()
  const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  const parts = digits ?? /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text)
  if (!parts) return typed
  const [, y, m, d] = parts
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

function rewrite(event: Event) {
  const input = event.target
  if (!(input instanceof HTMLInputElement)) return
  if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== 'Tab') return
  const normal = normalizeTypedDate(input.value)
  if (normal === input.value) return
  input.value = normal
  // The picker keeps what was typed from its input events: tell it before it reads the value.
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

/**
 * `v-typed-date` on an element holding an el-date-picker: the typed date is put in the picker's
 * form when the clerk leaves the field or presses Enter, before the picker reads it.
 */
export const vTypedDate: Directive<HTMLElement> = {
  mounted(el) {
    el.addEventListener('keydown', rewrite, true)
    el.addEventListener('blur', rewrite, true)
  },
  unmounted(el) {
    el.removeEventListener('keydown', rewrite, true)
    el.removeEventListener('blur', rewrite, true)
  },
}
