import { afterEach, describe, expect, it } from 'vitest'
import { chinaToday, formatDate, formatTime } from './time'

const zone = process.env.TZ
afterEach(() => {
  process.env.TZ = zone
})

describe('formatTime', () => {
  it('shows a UTC instant in China time', () => {
    expect(formatTime('2026-12-01T08:30:00Z')).toBe('2026-12-01 16:30:00')
    expect(formatDate('2026-12-01T08:30:00Z')).toBe('2026-12-01')
  })

  it('moves to the next day, month and year at 16:00 UTC', () => {
    expect(formatTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00')
    expect(formatTime('2024-02-28T16:59:59Z')).toBe('2024-02-29 00:59:59')
    expect(formatDate('2026-12-31T15:59:59Z')).toBe('2026-12-31')
  })

  it('takes any offset and fractions of a second', () => {
    expect(formatTime('2026-12-01T16:30:00+08:00')).toBe('2026-12-01 16:30:00')
    expect(formatTime('2026-12-01T03:30:00-05:00')).toBe('2026-12-01 16:30:00')
    expect(formatTime('2026-12-01T08:30:00.999Z')).toBe('2026-12-01 16:30:00')
  })

  it('does not depend on the machine’s time zone', () => {
    for (const tz of ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC']) {
      process.env.TZ = tz
      expect(formatTime('2026-07-01T20:15:05Z'), tz).toBe('2026-07-02 04:15:05')
    }
  })

  it('shows nothing for no value and the value itself when it is not a time', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('')).toBe('')
    expect(formatTime('Mon, 99 Foo')).toBe('Mon, 99 Foo')
  })

  it('knows today in China', () => {
    expect(chinaToday(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(chinaToday(new Date('2026-12-31T15:00:00Z'))).toBe('2026-12-31')
  })
})
