import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

// Read from the file: vitest hands CSS imports to the page, not to the test.
const theme = readFileSync(resolve(__dirname, '../styles/theme.css'), 'utf8')

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

function variable(name: string): string {
  const found = new RegExp(`--${name}:\\s*(#[0-9a-f]{6});`).exec(theme)
  if (!found) throw new Error(`theme.css has no --${name}`)
  return found[1]
}

const WHITE = '#ffffff'
/** Element Plus's page background (--el-bg-color-page). */
const PAGE = '#f2f3f5'

describe('the theme meets WCAG 2.1 AA (4.5:1)', () => {
  for (const type of ['primary', 'success', 'warning', 'danger', 'error', 'info']) {
    it(`${type}: white text on it, and it as text on its light tint`, () => {
      const base = variable(`el-color-${type}`)
      expect(contrast(base, WHITE)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(base, variable(`el-color-${type}-light-9`))).toBeGreaterThanOrEqual(4.5)
      expect(contrast(variable(`el-color-${type}-dark-2`), WHITE)).toBeGreaterThanOrEqual(4.5)
    })
  }

  for (const grey of ['regular', 'secondary', 'placeholder']) {
    it(`${grey} text on white and on the page`, () => {
      const colour = variable(`el-text-color-${grey}`)
      expect(contrast(colour, WHITE)).toBeGreaterThanOrEqual(4.5)
      if (grey !== 'placeholder') expect(contrast(colour, PAGE)).toBeGreaterThanOrEqual(4.5)
    })
  }

  it('the tints are Element Plus’s mixes of the base with white', () => {
    const mix = (base: string, white: number) =>
      '#' +
      [1, 3, 5]
        .map((i) => Math.round(255 * white + parseInt(base.slice(i, i + 2), 16) * (1 - white)).toString(16).padStart(2, '0'))
        .join('')
    for (const type of ['primary', 'success', 'warning', 'danger', 'info']) {
      const base = variable(`el-color-${type}`)
      for (const n of [3, 5, 7, 8, 9]) expect(variable(`el-color-${type}-light-${n}`)).toBe(mix(base, n / 10))
    }
  })
})
