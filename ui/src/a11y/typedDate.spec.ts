import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h, withDirectives } from 'vue'
import { normalizeTypedDate, vTypedDate } from './typedDate'

describe('dates typed at the counter', () => {
  it('reads 20120701 and the usual separators as 2012-07-01', () => {
    expect(normalizeTypedDate('20120701')).toBe('2012-07-01')
    expect(normalizeTypedDate('2012-07-01')).toBe('2012-07-01')
    expect(normalizeTypedDate('2012-7-1')).toBe('2012-07-01')
    expect(normalizeTypedDate(' 2012.07.01 ')).toBe('2012-07-01')
    expect(normalizeTypedDate('2012/7/1')).toBe('2012-07-01')
    expect(normalizeTypedDate('2012年7月1日')).toBe('2012-07-01')
  })

  it('leaves what is not a date for the form’s rules', () => {
    expect(normalizeTypedDate('2012071')).toBe('2012071')
    expect(normalizeTypedDate('abc')).toBe('abc')
    expect(normalizeTypedDate('')).toBe('')
  })

  it('rewrites the input before the picker reads it, on Enter and on leaving', async () => {
    const seen: string[] = []
    const Host = defineComponent({
      setup: () => () =>
        withDirectives(h('span', [h('input', { onInput: (e: Event) => seen.push((e.target as HTMLInputElement).value) })]), [
          [vTypedDate],
        ]),
    })
    const wrapper = mount(Host, { attachTo: document.body })
    const input = wrapper.find('input').element as HTMLInputElement
    input.value = '20120701'
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(input.value).toBe('2012-07-01')
    expect(seen).toEqual(['2012-07-01'])
    input.value = '2013.1.5'
    input.dispatchEvent(new FocusEvent('blur'))
    expect(input.value).toBe('2013-01-05')
    input.value = '2014'
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }))
    expect(input.value).toBe('2014')
    wrapper.unmount()
  })
})
