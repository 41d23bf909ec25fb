import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  localStorage.clear()
  delete document.documentElement.dataset.textSize
  vi.resetModules()
})

describe('the larger-text setting', () => {
  it('is 标准 on a new workstation', async () => {
    const { textSize, applyTextSize } = await import('./textSize')
    applyTextSize()
    expect(textSize.value).toBe('standard')
    expect(document.documentElement.dataset.textSize).toBe('standard')
  })

  it('shows 大字 at once and keeps it for the next start', async () => {
    const first = await import('./textSize')
    first.setTextSize('large')
    expect(document.documentElement.dataset.textSize).toBe('large')
    expect(localStorage.getItem(first.TEXT_SIZE_KEY)).toBe('large')
    vi.resetModules()
    const next = await import('./textSize')
    expect(next.textSize.value).toBe('large')
  })

  it('reads anything else stored as 标准', async () => {
    localStorage.setItem('swreg.textSize', 'huge')
    const { textSize } = await import('./textSize')
    expect(textSize.value).toBe('standard')
  })
})
