// The register's filter (登记名册 and 统计 share it), as the boxes hold it, as the address keeps it,
// and as the core takes it (RosterQuery).
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CodeTables, RosterQuery, RosterSort, RosterStatus } from '@/api/generated/bindings'
import { changedFilters, isDay, queryText as one } from '@/composables/useQueryFilters'

/** 是/否/全部 of a yes-no field; the address keeps `yes` or `no`. */
export type YesNo = '' | 'yes' | 'no'

export interface RosterFilters {
  status: RosterStatus | ''
  district: string
  /** A 职称 code, `none` for 无职称. */
  title: string
  field: string
  fullTime: YesNo
  xiamenHukou: YesNo
  validFrom: string
  validTo: string
  search: string
  sort: RosterSort
}

export const ROSTER_STATUSES: { value: RosterStatus; label: string }[] = [
  { value: 'registered', label: '已登记' },
  { value: 'expired', label: '超期' },
  { value: 'frozen', label: '已冻结' },
  { value: 'unregistered', label: '未登记' },
]

export const ROSTER_STATUS_LABELS: Record<RosterStatus, string> = {
  registered: '已登记',
  expired: '超期',
  frozen: '已冻结',
  unregistered: '未登记',
}

export const ROSTER_STATUS_TAGS: Record<RosterStatus, 'success' | 'warning' | 'danger' | 'info'> = {
  registered: 'success',
  expired: 'warning',
  frozen: 'danger',
  unregistered: 'info',
}

export const ROSTER_SORTS: { value: RosterSort; label: string }[] = [
  { value: 'updated', label: '按最近更新' },
  { value: 'name', label: '按姓名' },
  { value: 'registration_no', label: '按登记证号' },
  { value: 'valid_until', label: '按到期先后' },
]

export const NO_TITLE = 'none'

export const DEFAULT_FILTERS: RosterFilters = {
  status: '',
  district: '',
  title: '',
  field: '',
  fullTime: '',
  xiamenHukou: '',
  validFrom: '',
  validTo: '',
  search: '',
  sort: 'updated',
}

const yesNo = (v: string): YesNo => (v === 'yes' || v === 'no' ? v : '')

/** The filter an address names; anything unknown falls back to its default. */
export function filtersFromQuery(q: LocationQuery): RosterFilters {
  const status = one(q.status)
  const sort = one(q.sort)
  return {
    status: ROSTER_STATUSES.some((s) => s.value === status) ? (status as RosterStatus) : '',
    district: one(q.district),
    title: one(q.title),
    field: one(q.field),
    fullTime: yesNo(one(q.fullTime)),
    xiamenHukou: yesNo(one(q.xiamenHukou)),
    validFrom: isDay(one(q.validFrom)) ? one(q.validFrom) : '',
    validTo: isDay(one(q.validTo)) ? one(q.validTo) : '',
    search: one(q.search),
    sort: ROSTER_SORTS.some((s) => s.value === sort) ? (sort as RosterSort) : DEFAULT_FILTERS.sort,
  }
}

/** The filter for the address: only what differs from the defaults. */
export function filtersToQuery(f: RosterFilters): LocationQueryRaw {
  return changedFilters(f, DEFAULT_FILTERS)
}

const bool = (v: YesNo): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null)

/** The filter as the core takes it (page 1 of 20 unless told). */
export function toRosterQuery(f: RosterFilters, page = 1, pageSize = 20): RosterQuery {
  return {
    status: f.status === '' ? null : f.status,
    district: f.district ?? '',
    title: f.title ?? '',
    field: f.field ?? '',
    fullTime: bool(f.fullTime),
    xiamenHukou: bool(f.xiamenHukou),
    validFrom: f.validFrom ?? '',
    validTo: f.validTo ?? '',
    search: f.search.trim(),
    sort: f.sort,
    page,
    pageSize,
  }
}

/** Whether anything narrows the list (the sort does not). */
export function isFiltered(f: RosterFilters): boolean {
  return (Object.keys(DEFAULT_FILTERS) as (keyof RosterFilters)[]).some(
    (key) => key !== 'sort' && (key === 'search' ? f.search.trim() : (f[key] ?? '')) !== DEFAULT_FILTERS[key],
  )
}

/** The filter in words, for the export dialog: 状态：已登记；所在区：思明区 … or 全部记录. */
export function describeFilters(f: RosterFilters, codes: CodeTables | null): string {
  const label = (list: { code: string; label: string }[] | undefined, code: string) =>
    list?.find((c) => c.code === code)?.label ?? code
  const words = (v: YesNo) => (v === 'yes' ? '是' : '否')
  const parts: string[] = []
  if (f.status) parts.push(`状态：${ROSTER_STATUS_LABELS[f.status]}`)
  if (f.district) parts.push(`所在区：${label(codes?.district, f.district)}`)
  if (f.title) parts.push(`职称：${f.title === NO_TITLE ? '无职称' : label(codes?.title, f.title)}`)
  if (f.field) parts.push(`执业领域：${label(codes?.field, f.field)}`)
  if (f.fullTime) parts.push(`是否专职：${words(f.fullTime)}`)
  if (f.xiamenHukou) parts.push(`是否厦户：${words(f.xiamenHukou)}`)
  if (f.validFrom || f.validTo) parts.push(`有效期至：${f.validFrom || '不限'} 至 ${f.validTo || '不限'}`)
  if (f.search.trim()) parts.push(`查询：${f.search.trim()}`)
  return parts.length > 0 ? parts.join('；') : '全部记录'
}
