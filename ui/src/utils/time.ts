// The core sends instants as RFC 3339 UTC (`2026-12-01T08:30:00Z`). People read them in China
// time, whatever zone the workstation is set to; China has no daylight saving time, so a fixed
// +08:00 is exact.

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** The instant's calendar fields in China time, or null when `value` is not a time. */
function chinaParts(value: string | null | undefined) {
  // Only RFC 3339: Date.parse guesses at many other strings.
  if (!value || !RFC3339.test(value)) return null
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return null
  const d = new Date(ms + CHINA_OFFSET_MS)
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  }
}

/**
 * `YYYY-MM-DD HH:mm:ss` in China time. Empty for no value; a value that is not a time is shown
 * as it came, so nothing the core sent is hidden.
 */
export function formatTime(value: string | null | undefined): string {
  const parts = chinaParts(value)
  if (!parts) return value ?? ''
  return `${parts.date} ${parts.time}`
}

/** `YYYY-MM-DD` in China time, with the same fallbacks as {@link formatTime}. */
export function formatDate(value: string | null | undefined): string {
  const parts = chinaParts(value)
  if (!parts) return value ?? ''
  return parts.date
}

/** Today's date in China time as `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  return formatDate(now.toISOString())
}
