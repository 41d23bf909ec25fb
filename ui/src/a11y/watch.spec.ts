import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { syncFormErrors } from './formErrors'
import { mendElementPlus, watchA11y } from './watch'

afterEach(() => {
  document.body.innerHTML = ''
})

function item(withError: boolean): HTMLElement {
  const el = document.createElement('div')
  el.className = 'el-form-item'
  el.innerHTML = `<label>身份证号码</label><div class="el-form-item__content"><input aria-describedby="hint-1">${
    withError ? '<div class="el-form-item__error">校验位不正确</div>' : ''
  }</div>`
  document.body.append(el)
  return el
}

describe('form errors are announced and tied to their fields', () => {
  it('gives the error an id and role=alert, and the input aria-invalid and aria-describedby', () => {
    const el = item(true)
    syncFormErrors()
    const error = el.querySelector('.el-form-item__error')!
    const input = el.querySelector('input')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.id).not.toBe('')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toBe(`hint-1 ${error.id}`)
  })

  it('takes both back when the error goes, keeping what the input had', () => {
    const el = item(true)
    syncFormErrors()
    el.querySelector('.el-form-item__error')!.remove()
    syncFormErrors()
    const input = el.querySelector('input')!
    expect(input.hasAttribute('aria-invalid')).toBe(false)
    expect(input.getAttribute('aria-describedby')).toBe('hint-1')
  })

  it('leaves the inputs of a nested form item to that item', () => {
    const outer = item(true)
    const inner = document.createElement('div')
    inner.className = 'el-form-item'
    inner.innerHTML = '<input>'
    outer.querySelector('.el-form-item__content')!.append(inner)
    syncFormErrors()
    expect(inner.querySelector('input')!.hasAttribute('aria-invalid')).toBe(false)
  })

  it('follows the page as errors come and go', async () => {
    const stop = watchA11y(document.body)
    const el = item(false)
    const content = el.querySelector('.el-form-item__content')!
    const error = document.createElement('div')
    error.className = 'el-form-item__error'
    error.textContent = '请输入身份证号码'
    content.append(error)
    await nextTick()
    await Promise.resolve()
    expect(el.querySelector('input')!.getAttribute('aria-invalid')).toBe('true')
    error.remove()
    await nextTick()
    await Promise.resolve()
    expect(el.querySelector('input')!.hasAttribute('aria-invalid')).toBe(false)
    stop()
  })

  it('names a pager’s page-size select and moves a half-checked state onto the input', () => {
    document.body.innerHTML = `
      <span class="el-pagination__sizes"><input role="combobox"></span>
      <label class="el-checkbox" aria-checked="mixed"><input type="checkbox"></label>`
    mendElementPlus()
    expect(document.querySelector('.el-pagination__sizes input')!.getAttribute('aria-label')).toBe('每页条数')
    const label = document.querySelector('label')!
    expect(label.hasAttribute('aria-checked')).toBe(false)
    expect(label.querySelector('input')!.indeterminate).toBe(true)
  })
})
