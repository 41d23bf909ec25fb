import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useIdleTimer } from './useIdleTimer'

const MINUTE = 60_000

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function start(minutes = ref(15)) {
  const onIdle = vi.fn()
  const onActive = vi.fn()
  const target = new EventTarget()
  const scope = effectScope()
  scope.run(() => useIdleTimer(() => minutes.value, onIdle, onActive, target))
  const act = () => target.dispatchEvent(new Event('mousemove'))
  return { onIdle, onActive, act, scope, minutes, target }
}

describe('useIdleTimer', () => {
  it('fires once after the idle time without activity', () => {
    const { onIdle } = start()
    vi.advanceTimersByTime(15 * MINUTE - 1)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(60 * MINUTE)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('counts from the last mouse or key activity', () => {
    const { onIdle, onActive, act, target } = start()
    vi.advanceTimersByTime(10 * MINUTE)
    act()
    expect(onActive).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10 * MINUTE)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(14 * MINUTE)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1 * MINUTE)
    expect(onIdle).toHaveBeenCalledTimes(1)
    act()
    expect(onActive).toHaveBeenCalledTimes(2)
  })

  it('ends the session when activity comes after the deadline (a sleeping machine)', () => {
    const { onIdle, act } = start()
    // The clock moves on but the timer did not run.
    vi.setSystemTime(Date.now() + 20 * MINUTE)
    act()
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('follows a changed idle time', async () => {
    const { onIdle, minutes } = start()
    vi.advanceTimersByTime(5 * MINUTE)
    minutes.value = 3
    await nextTick()
    expect(onIdle).toHaveBeenCalledTimes(1)

    const second = start(ref(5))
    vi.advanceTimersByTime(4 * MINUTE)
    second.minutes.value = 30
    await nextTick()
    vi.advanceTimersByTime(25 * MINUTE)
    expect(second.onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1 * MINUTE)
    expect(second.onIdle).toHaveBeenCalledTimes(1)
  })

  it('stops with its component', () => {
    const { onIdle, scope } = start()
    scope.stop()
    vi.advanceTimersByTime(60 * MINUTE)
    expect(onIdle).not.toHaveBeenCalled()
  })
})
