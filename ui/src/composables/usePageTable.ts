import { ref, shallowRef } from 'vue'
import { showError, type ApiError } from '@/api'
import type { Page } from '@/api/generated/bindings'

export const PAGE_SIZES = [10, 20, 50, 100]

/**
 * Request + paging for one list page: `request` gets the filters read at call time with
 * `page` (1-based) and `pageSize`. Only the newest answer is shown, so a slow older one cannot
 * overwrite it. When a page empties (its last row was just handled) the last page is shown.
 */
export function usePageTable<T, F extends object>(
  request: (args: F & { page: number; pageSize: number }) => Promise<Page<T>>,
  filters: () => F,
  initialPageSize = 20,
) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(initialPageSize)
  const loading = ref(false)
  /** Set once an answer came: until then an empty table is not "empty". */
  const loaded = ref(false)
  let latest = 0

  async function load(): Promise<void> {
    const mine = ++latest
    loading.value = true
    try {
      const result = await request({ ...filters(), page: page.value, pageSize: pageSize.value })
      if (mine !== latest) return
      const lastPage = Math.max(1, Math.ceil(result.total / pageSize.value))
      if (result.items.length === 0 && page.value > lastPage) {
        page.value = lastPage
        return load()
      }
      items.value = result.items
      total.value = result.total
      loaded.value = true
    } catch (e) {
      if (mine === latest) showError(e as ApiError)
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  /** New filters: back to the first page. */
  function search(): Promise<void> {
    page.value = 1
    return load()
  }

  function onPageChange(next: number) {
    page.value = next
    void load()
  }

  function onSizeChange(next: number) {
    pageSize.value = next
    page.value = 1
    void load()
  }

  return { items, total, page, pageSize, loading, loaded, load, search, onPageChange, onSizeChange }
}
