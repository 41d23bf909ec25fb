import { ref } from 'vue'

/** 标准 or 大字: the larger-text setting for older users (styles/theme.css scales the whole UI). */
export type TextSize = 'standard' | 'large'

export const TEXT_SIZES: { value: TextSize; label: string }[] = [
  { value: 'standard', label: '标准' },
  { value: 'large', label: '大字' },
]

/** Kept per workstation: whoever sits at this machine keeps the size, before and after login. */
export const TEXT_SIZE_KEY = 'swreg.textSize'

function stored(): TextSize {
  try {
    return localStorage.getItem(TEXT_SIZE_KEY) === 'large' ? 'large' : 'standard'
  } catch {
    return 'standard'
  }
}

/** The size in force, shared by every switch on screen. */
export const textSize = ref<TextSize>(stored())

/** Puts `size` on the page (`<html data-text-size>`), which theme.css reads. */
export function applyTextSize(size: TextSize = textSize.value): void {
  document.documentElement.dataset.textSize = size
}

/** Chooses a size: shown at once and kept for the next start. */
export function setTextSize(size: TextSize): void {
  textSize.value = size
  applyTextSize(size)
  try {
    localStorage.setItem(TEXT_SIZE_KEY, size)
  } catch {
    // Storage refused (a private window of the portal): the size holds until the page closes.
  }
}
