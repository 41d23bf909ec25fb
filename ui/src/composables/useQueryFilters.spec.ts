import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import { RouterView, createMemoryHistory, createRouter, type LocationQuery } from 'vue-router'
import { changedFilters, isDay, queryText, useQueryFilters } from './useQueryFilters'

interface Filters {
  status: string
  from: string
  search: string
}
const DEFAULTS: Filters = { status: 'open', from: '', search: '' }

const fromQuery = (q: LocationQuery): Filters => ({
  status: ['open', 'closed'].includes(queryText(q.status)) ? queryText(q.status) : DEFAULTS.status,
  from: isDay(queryText(q.from)) ? queryText(q.from) : '',
  search: queryText(q.search),
})

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** A list page on the route `list` that keeps its filters and paging in the address. */
async function page(path: string) {
  const filters = reactive<Filters>({ ...DEFAULTS })
  const paging = { page: ref(1), pageSize: ref(20), defaultPageSize: 20 }
  const loads: { filters: Filters; page: number; size: number }[] = []
  const load = vi.fn(async () => {
    loads.push({ filters: { ...filters }, page: paging.page.value, size: paging.pageSize.value })
  })
  let api!: ReturnType<typeof useQueryFilters>
  const List = defineComponent({
    setup() {
      api = useQueryFilters({ routeName: 'list', filters, fromQuery, toQuery: (f) => changedFilters(f, DEFAULTS), paging, load })
      return () => h('div')
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/list', name: 'list', component: List },
      { path: '/other', name: 'other', component: { render: () => h('p') } },
    ],
  })
  await router.push(path)
  wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
  await flushPromises()
  return { filters, paging, loads, api, router }
}

describe('useQueryFilters', () => {
  it('opens with the filters and the page the address names', async () => {
    const { filters, paging, loads } = await page('/list?status=closed&from=2026-01-05&search=张&page=3&size=50')
    expect(filters).toEqual({ status: 'closed', from: '2026-01-05', search: '张' })
    expect(paging.page.value).toBe(3)
    expect(paging.pageSize.value).toBe(50)
    expect(loads).toHaveLength(1)
  })

  it('takes the defaults for what the address gets wrong', async () => {
    const { filters, paging } = await page('/list?status=lost&from=yesterday&page=-2&size=33')
    expect(filters).toEqual(DEFAULTS)
    expect(paging.page.value).toBe(1)
    expect(paging.pageSize.value).toBe(20)
  })

  it('writes only what differs from the defaults, and a search starts at page 1', async () => {
    const { filters, paging, loads, api, router } = await page('/list?page=4')
    filters.status = 'closed'
    filters.search = '  李四 '
    await api.search()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: 'closed', search: '李四' })
    expect(paging.page.value).toBe(1)
    // Its own change of the address is not a new visit: one load for the search, none more.
    expect(loads).toHaveLength(2)
  })

  it('keeps the page and the page size in the address', async () => {
    const { paging, loads, api, router } = await page('/list')
    api.onPageChange(2)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ page: '2' })
    api.onSizeChange(50)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ size: '50' })
    expect(paging.page.value).toBe(1)
    expect(loads.map((l) => [l.page, l.size])).toEqual([
      [1, 20],
      [2, 20],
      [1, 50],
    ])
  })

  it('reads the address again when a link leads here with other filters', async () => {
    const { filters, loads, router } = await page('/list?status=closed')
    await router.push('/list?search=王五')
    await flushPromises()
    expect(filters).toEqual({ status: 'open', from: '', search: '王五' })
    expect(loads.at(-1)?.filters.search).toBe('王五')
    expect(loads).toHaveLength(2)
  })
})
