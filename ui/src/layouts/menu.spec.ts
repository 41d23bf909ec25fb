import { describe, expect, it } from 'vitest'
import { activeMenuPath, menuFor } from './menu'

describe('menu', () => {
  it('gives workers 首页 and 个人信息维护', () => {
    expect(menuFor('worker').map((m) => m.title)).toEqual(['首页', '个人信息维护'])
  })

  it('gives staff 首页 and no worker pages', () => {
    expect(menuFor('reviewer').map((m) => m.title)).toEqual(['首页'])
    expect(menuFor('admin').map((m) => m.title)).toEqual(['首页'])
  })

  it('marks the entry a page sits under', () => {
    const items = menuFor('worker')
    expect(activeMenuPath(items, '/')).toBe('/')
    expect(activeMenuPath(items, '/my')).toBe('/my')
    expect(activeMenuPath(items, '/my/password')).toBe('/my')
    expect(activeMenuPath(items, '/mystery')).toBe('/mystery')
  })
})
