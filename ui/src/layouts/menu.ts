import type { Component } from 'vue'
import {
  Calendar,
  Connection,
  CircleClose,
  CreditCard,
  DataAnalysis,
  Document,
  DocumentChecked,
  EditPen,
  HomeFilled,
  Files,
  FolderChecked,
  Notebook,
  Lock,
  Memo,
  Message,
  MessageBox,
  Setting,
  Stamp,
  Tickets,
  User,
  Upload,
  UserFilled,
  View,
} from '@element-plus/icons-vue'
import type { Role } from '@/api/generated/bindings'

export interface MenuItem {
  /** Stable id: the entry's data-testid is `menu-${key}`. */
  key: string
  title: string
  path: string
  icon: Component
  /** A count shown beside the title (see stores/pending.ts). */
  badge?: 'pendingAccounts' | 'pendingReview'
  /** Only in the desktop app (连接设置), never in a browser. */
  desktopOnly?: boolean
}

/** A folding group of entries (登记管理, 系统管理 …), as the admin's pages are arranged. */
export interface MenuGroup {
  /** Stable id: the group's title has the data-testid `menu-group-${key}`. */
  key: string
  title: string
  icon: Component
  children: MenuItem[]
}

export type MenuEntry = MenuItem | MenuGroup

export const isGroup = (entry: MenuEntry): entry is MenuGroup => 'children' in entry

const home: MenuItem = { key: 'home', title: '首页', path: '/', icon: HomeFilled }

const workerMenu: MenuItem[] = [
  home,
  { key: 'my', title: '个人信息维护', path: '/my', icon: UserFilled },
]

/** The daily work of reviewers and admins, at the top level. */
const staffMenu: MenuItem[] = [
  home,
  { key: 'staff-review', title: '审核', path: '/staff/review', icon: DocumentChecked, badge: 'pendingReview' },
  { key: 'staff-roster', title: '登记名册', path: '/staff/roster', icon: Tickets },
  { key: 'staff-import', title: '导入', path: '/staff/import', icon: Upload },
  { key: 'staff-stats', title: '统计', path: '/staff/stats', icon: DataAnalysis },
  { key: 'staff-enter', title: '代录入', path: '/staff/enter', icon: EditPen },
  { key: 'staff-accounts', title: '账号审核', path: '/staff/accounts', icon: Stamp, badge: 'pendingAccounts' },
]

/** The admin's pages, grouped by what they look after, below the daily work. */
const adminGroups: MenuGroup[] = [
  {
    key: 'registry',
    title: '登记管理',
    icon: Files,
    children: [
      { key: 'admin-freeze', title: '冻结管理', path: '/admin/freeze', icon: CircleClose },
      { key: 'admin-cards', title: '发放社工卡', path: '/admin/cards', icon: CreditCard },
      { key: 'admin-periods', title: '登记期限设置', path: '/admin/periods', icon: Calendar },
    ],
  },
  {
    key: 'system',
    title: '系统管理',
    icon: Setting,
    children: [
      { key: 'admin-accounts', title: '账号管理', path: '/admin/accounts', icon: User },
      { key: 'admin-security', title: '安全设置', path: '/admin/security', icon: Lock },
      { key: 'admin-mail', title: '邮件设置', path: '/admin/mail', icon: Message },
      { key: 'admin-outbox', title: '发件箱', path: '/admin/outbox', icon: MessageBox },
      { key: 'admin-backup', title: '数据备份', path: '/admin/backup', icon: FolderChecked },
      { key: 'admin-connection', title: '连接设置', path: '/admin/connection', icon: Connection, desktopOnly: true },
    ],
  },
  {
    key: 'logs',
    title: '日志管理',
    icon: Memo,
    children: [
      { key: 'admin-login-log', title: '登录日志', path: '/admin/login-log', icon: Document },
      { key: 'admin-audit', title: '操作日志', path: '/admin/audit', icon: Notebook },
      { key: 'admin-access', title: '访问日志', path: '/admin/access', icon: View },
    ],
  },
]

/** The menu of `role`; in a browser (`desktop` false) without the desktop app's own pages. */
export function menuFor(role: Role, desktop = true): MenuEntry[] {
  const entries: MenuEntry[] =
    role === 'worker' ? workerMenu : role === 'reviewer' ? staffMenu : [...staffMenu, ...adminGroups]
  if (desktop) return entries
  const shown = (item: MenuItem) => !item.desktopOnly
  return entries
    .map((e) => (isGroup(e) ? { ...e, children: e.children.filter(shown) } : e))
    .filter((e) => (isGroup(e) ? e.children.length > 0 : shown(e)))
}

/** Every entry, groups opened up, in menu order. */
export function menuItems(entries: MenuEntry[]): MenuItem[] {
  return entries.flatMap((entry) => (isGroup(entry) ? entry.children : [entry]))
}

/** The menu entry a page belongs to: its own path, or the entry it sits under. */
export function activeMenuPath(entries: MenuEntry[], path: string): string {
  const under = menuItems(entries)
    .filter((item) => item.path === path || (item.path !== '/' && path.startsWith(`${item.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)
  return under[0]?.path ?? path
}

/** The groups to show open: the one holding the page shown, so that its entry can be seen marked. */
export function openGroups(entries: MenuEntry[], path: string): string[] {
  const active = activeMenuPath(entries, path)
  return entries.filter(isGroup).filter((g) => g.children.some((item) => item.path === active)).map((g) => g.key)
}
