import type { Component } from 'vue'
import {
  Calendar,
  CircleClose,
  CreditCard,
  DataAnalysis,
  Document,
  DocumentChecked,
  EditPen,
  HomeFilled,
  Notebook,
  Lock,
  Message,
  MessageBox,
  Stamp,
  Tickets,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import type { Role } from '@/api/bindings'

export interface MenuItem {
  /** Stable id: the entry's data-testid is `menu-${key}`. */
  key: string
  title: string
  path: string
  icon: Component
  /** A count shown beside the title (see stores/pending.ts). */
  badge?: 'pendingAccounts' | 'pendingReview'
}

const home: MenuItem = { key: 'home', title: '首页', path: '/', icon: HomeFilled }

const workerMenu: MenuItem[] = [
  home,
  { key: 'my', title: '个人信息维护', path: '/my', icon: UserFilled },
]

/** Pages for reviewers and admins (审核, 代录入, 统计 …) join here as they land. */
const staffMenu: MenuItem[] = [
  home,
  { key: 'staff-review', title: '审核', path: '/staff/review', icon: DocumentChecked, badge: 'pendingReview' },
  { key: 'staff-roster', title: '登记名册', path: '/staff/roster', icon: Tickets },
  { key: 'staff-stats', title: '统计', path: '/staff/stats', icon: DataAnalysis },
  { key: 'staff-enter', title: '代录入', path: '/staff/enter', icon: EditPen },
  { key: 'staff-accounts', title: '账号审核', path: '/staff/accounts', icon: Stamp, badge: 'pendingAccounts' },
]

/** Admin-only pages (账号管理, 系统设置, 备份, 日志 …) join here as they land. */
const adminMenu: MenuItem[] = [
  { key: 'admin-freeze', title: '冻结管理', path: '/admin/freeze', icon: CircleClose },
  { key: 'admin-cards', title: '发放社工卡', path: '/admin/cards', icon: CreditCard },
  { key: 'admin-accounts', title: '账号管理', path: '/admin/accounts', icon: User },
  { key: 'admin-security', title: '安全设置', path: '/admin/security', icon: Lock },
  { key: 'admin-mail', title: '邮件设置', path: '/admin/mail', icon: Message },
  { key: 'admin-periods', title: '登记期限设置', path: '/admin/periods', icon: Calendar },
  { key: 'admin-outbox', title: '发件箱', path: '/admin/outbox', icon: MessageBox },
  { key: 'admin-login-log', title: '登录日志', path: '/admin/login-log', icon: Document },
  { key: 'admin-audit', title: '操作日志', path: '/admin/audit', icon: Notebook },
]

export function menuFor(role: Role): MenuItem[] {
  switch (role) {
    case 'worker':
      return workerMenu
    case 'reviewer':
      return staffMenu
    case 'admin':
      return [...staffMenu, ...adminMenu]
  }
}

/** The menu entry a page belongs to: its own path, or the entry it sits under. */
export function activeMenuPath(items: MenuItem[], path: string): string {
  const under = items
    .filter((item) => item.path === path || (item.path !== '/' && path.startsWith(`${item.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)
  return under[0]?.path ?? path
}
