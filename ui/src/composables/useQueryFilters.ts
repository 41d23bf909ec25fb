import { onMounted, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { PAGE_SIZES } from './usePageTable'

/** One value of the address as text: the first of a repeated one, '' when absent. */
export const queryText = (v: LocationQuery[string] | undefined): string => (Array.isArray(v) ? v[0] : v) ?? ''

/** A day as the address and the core write it: 2026-12-01. */
export const isDay = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v)

/** The filters for the address: only what differs from the defaults, the search trimmed. */
export function changedFilters<F extends { search: string }>(filters: F, defaults: F): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  for (const key of Object.keys(defaults) as (keyof F & string)[]) {
    const value = key === 'search' ? filters.search.trim() : (filters[key] ?? '')
    if (value !== defaults[key]) q[key] = value as LocationQueryRaw[string]
  }
  return q
}

/** The page and page size of a paged list, kept in the address as `page` and `size`. */
export interface AddressPaging {
  page: Ref<number>
  pageSize: Ref<number>
  defaultPageSize: number
}

/**
 * Keeps a list page's filters in the address, so that coming back to the page (from a record, or
 * through a link with other filters) finds the list as it was left. The address is read when the
 * page opens and whenever another link leads to it; `search` and the paging handlers write it and
 * load. Call from the setup of the page's route component.
 */
export function useQueryFilters<F extends object>(opts: {
  /** The page's route: the address is written for it, and only its own addresses are read. */
  routeName: string
  /** The filters as the page's boxes hold them (reactive); an address is read into them. */
  filters: F
  /** The filters an address names; anything unknown falls back to its default. */
  fromQuery: (query: LocationQuery) => F
  /** The filters for the address: only what differs from the defaults. */
  toQuery: (filters: F) => LocationQueryRaw
  paging?: AddressPaging
  /** Loads the list for the filters (and page) now set. */
  load: () => Promise<void>
}) {
  const route = useRoute()
  const router = useRouter()
  const paging = opts.paging
  /** The address this page last wrote: its own change of the address is not a new visit. */
  let written = ''

  function read() {
    Object.assign(opts.filters, opts.fromQuery(route.query))
    if (!paging) return
    const page = Number(queryText(route.query.page))
    const size = Number(queryText(route.query.size))
    paging.page.value = Number.isInteger(page) && page > 0 ? page : 1
    paging.pageSize.value = PAGE_SIZES.includes(size) ? size : paging.defaultPageSize
  }

  /** Writes the filters (and page) into the address and loads. */
  function sync(): Promise<void> {
    const query = opts.toQuery(opts.filters)
    if (paging && paging.page.value > 1) query.page = String(paging.page.value)
    if (paging && paging.pageSize.value !== paging.defaultPageSize) query.size = String(paging.pageSize.value)
    const target = router.resolve({ name: opts.routeName, query }).fullPath
    if (target !== route.fullPath) {
      written = target
      void router.replace(target)
    }
    return opts.load()
  }

  /** New filters: back to the first page. */
  function search(): Promise<void> {
    if (paging) paging.page.value = 1
    return sync()
  }

  function onPageChange(page: number) {
    if (paging) paging.page.value = page
    void sync()
  }

  function onSizeChange(size: number) {
    if (paging) {
      paging.pageSize.value = size
      paging.page.value = 1
    }
    void sync()
  }

  // A menu entry or another link led here again with other filters.
  watch(
    () => route.fullPath,
    (path) => {
      if (route.name !== opts.routeName || path === written) return
      read()
      void opts.load()
    },
  )

  onMounted(() => {
    read()
    void opts.load()
  })

  return { search, sync, onPageChange, onSizeChange }
}
