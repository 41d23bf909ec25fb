import { getCurrentScope, onScopeDispose, ref, watch } from 'vue'

/** What counts as the user being there. */
export const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const

/** How long before the end the user is warned (WCAG 2.2.1: a time limit is announced and can be
 * extended); half the limit when that is shorter. */
export const WARN_BEFORE_MS = 60_000

/**
 * Calls `onIdle` once, after `minutes()` minutes in which none of {@link ACTIVITY_EVENTS}
 * reached `target`; `onActive` runs on every such event until then (told whether the warning
 * was up). Stops when the calling
 * component (or effect scope) ends.
 *
 * Activity only records the time; one timer checks it at the deadline and sets itself again,
 * so moving the mouse costs nothing. A timer held back by a sleeping machine is caught by the
 * next event: activity after the deadline ends the session instead of extending it.
 *
 * `warning` turns true {@link WARN_BEFORE_MS} before the end, and false again at the next
 * activity, which extends the time as any activity does.
 */
export function useIdleTimer(
  minutes: () => number,
  onIdle: () => void,
  onActive?: (afterWarning: boolean) => void,
  target: EventTarget = window,
) {
  let last = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let done = false
  const warning = ref(false)

  const limit = () => Math.max(1, minutes()) * 60_000
  const warnAt = () => limit() - Math.min(WARN_BEFORE_MS, limit() / 2)

  function check() {
    if (done) return
    clearTimeout(timer)
    const idleFor = Date.now() - last
    if (idleFor >= limit()) {
      stop()
      onIdle()
    } else if (idleFor >= warnAt()) {
      warning.value = true
      timer = setTimeout(check, limit() - idleFor)
    } else {
      warning.value = false
      timer = setTimeout(check, warnAt() - idleFor)
    }
  }

  function activity() {
    if (done) return
    if (Date.now() - last >= limit()) {
      check()
      return
    }
    last = Date.now()
    const warned = warning.value
    if (warned) check()
    onActive?.(warned)
  }

  function stop() {
    done = true
    warning.value = false
    clearTimeout(timer)
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, activity, true)
  }

  for (const name of ACTIVITY_EVENTS) {
    target.addEventListener(name, activity, { capture: true, passive: true })
  }
  timer = setTimeout(check, warnAt())
  const unwatch = watch(minutes, check)
  if (getCurrentScope()) {
    onScopeDispose(() => {
      unwatch()
      stop()
    })
  }
  return { stop, warning }
}
