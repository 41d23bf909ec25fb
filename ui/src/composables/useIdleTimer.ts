import { getCurrentScope, onScopeDispose, watch } from 'vue'

/** What counts as the user being there. */
export const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const

/**
 * Calls `onIdle` once, after `minutes()` minutes in which none of {@link ACTIVITY_EVENTS}
 * reached `target`; `onActive` runs on every such event until then. Stops when the calling
 * component (or effect scope) ends.
 *
 * Activity only records the time; one timer checks it at the deadline and sets itself again,
 * so moving the mouse costs nothing. A timer held back by a sleeping machine is caught by the
 * next event: activity after the deadline ends the session instead of extending it.
 */
export function useIdleTimer(
  minutes: () => number,
  onIdle: () => void,
  onActive?: () => void,
  target: EventTarget = window,
) {
  let last = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let done = false

  const limit = () => Math.max(1, minutes()) * 60_000

  function check() {
    if (done) return
    clearTimeout(timer)
    const idleFor = Date.now() - last
    if (idleFor >= limit()) {
      stop()
      onIdle()
    } else {
      timer = setTimeout(check, limit() - idleFor)
    }
  }

  function activity() {
    if (done) return
    if (Date.now() - last >= limit()) {
      check()
      return
    }
    last = Date.now()
    onActive?.()
  }

  function stop() {
    done = true
    clearTimeout(timer)
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, activity, true)
  }

  for (const name of ACTIVITY_EVENTS) {
    target.addEventListener(name, activity, { capture: true, passive: true })
  }
  timer = setTimeout(check, limit())
  const unwatch = watch(minutes, check)
  if (getCurrentScope()) {
    onScopeDispose(() => {
      unwatch()
      stop()
    })
  }
  return { stop }
}
