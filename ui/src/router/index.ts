import {
  createRouter,
  createWebHashHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
} from 'vue-router'
import { ElMessage } from 'element-plus'
import type { ApiError, Role } from '@/api/generated/bindings'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'
import { isDesktop } from '@/api/connection'
import { staffRoutes } from './staff-routes'
import { workerRoutes } from './worker-routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title shown in the window title. */
    title?: string
    /** Reachable without a session. */
    public?: boolean
    /** Only these roles may open the page (the core checks again). */
    roles?: Role[]
    /** Only the desktop app has the page (连接设置: the shell's own commands). */
    desktopOnly?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/setup',
    name: 'setup',
    component: () => import('@/views/setup/index.vue'),
    meta: { title: '初始化管理员', public: true },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/connection',
    name: 'connection',
    component: () => import('@/views/connection/index.vue'),
    meta: { title: '连接设置', public: true, desktopOnly: true },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/register/index.vue'),
    meta: { title: '注册', public: true },
  },
  {
    path: '/recover',
    name: 'recover',
    component: () => import('@/views/recover/index.vue'),
    meta: { title: '找回密码', public: true },
  },
  {
    path: '/',
    // Loaded after login: the login page does not wait for the menus and the layout.
    component: () => import('@/layouts/MainLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/index.vue'),
        meta: { title: '首页' },
      },
      {
        path: 'my',
        name: 'my',
        component: () => import('@/views/my/index.vue'),
        meta: { title: '个人信息维护', roles: ['worker'] },
      },
      {
        path: 'my/password',
        name: 'password',
        component: () => import('@/views/my/password/index.vue'),
        meta: { title: '密码修改' },
      },
      {
        path: 'staff/accounts',
        name: 'staff-accounts',
        component: () => import('@/views/staff/accounts/index.vue'),
        meta: { title: '账号审核', roles: ['reviewer', 'admin'] },
      },
      {
        path: 'admin/accounts',
        name: 'admin-accounts',
        component: () => import('@/views/admin/accounts/index.vue'),
        meta: { title: '账号管理', roles: ['admin'] },
      },
      {
        path: 'admin/security',
        name: 'admin-security',
        component: () => import('@/views/admin/security/index.vue'),
        meta: { title: '安全设置', roles: ['admin'] },
      },
      {
        path: 'admin/mail',
        name: 'admin-mail',
        component: () => import('@/views/admin/mail/index.vue'),
        meta: { title: '邮件设置', roles: ['admin'] },
      },
      {
        path: 'admin/outbox',
        name: 'admin-outbox',
        component: () => import('@/views/admin/outbox/index.vue'),
        meta: { title: '发件箱', roles: ['admin'] },
      },
      {
        path: 'admin/backup',
        name: 'admin-backup',
        component: () => import('@/views/admin/backup/index.vue'),
        meta: { title: '数据备份', roles: ['admin'] },
      },
      {
        path: 'admin/connection',
        name: 'admin-connection',
        component: () => import('@/views/admin/connection/index.vue'),
        meta: { title: '连接设置', roles: ['admin'], desktopOnly: true },
      },
      {
        path: 'admin/login-log',
        name: 'admin-login-log',
        component: () => import('@/views/admin/login-log/index.vue'),
        meta: { title: '登录日志', roles: ['admin'] },
      },
      ...workerRoutes,
      ...staffRoutes,
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/404.vue'),
    meta: { title: '页面不存在', public: true },
  },
]

/** Pages for visitors only: a logged-in user has no business there. */
const VISITOR_PAGES = new Set(['login', 'register', 'recover'])

/** Starts loading a lazily loaded page's code without waiting for it. */
function preload(name: string) {
  const component = routes.find((r) => r.name === name)?.component
  if (typeof component === 'function') void (component as () => Promise<unknown>)()
}

/**
 * Until the core reports an administrator exists every page leads to /setup,
 * and afterwards /setup leads away; without a session only public pages open.
 * A user logged in with a temporary password sees only 密码修改 until it is changed.
 */
export async function guard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const app = useAppStore()
  const session = useSessionStore()

  if (to.meta.desktopOnly && !isDesktop()) {
    return session.loggedIn ? { name: 'home' } : { name: 'login' }
  }
  // 连接设置 before login opens whatever the registry says (its server may be unreachable).
  if (to.name === 'connection' && !session.loggedIn) return true

  if (!app.status) {
    // The first navigation: fetch the login page while the core is asked whether it is the one
    // to show (it is, except at the very first start), so the two waits overlap.
    if (!session.loggedIn) preload('login')
    try {
      await app.load()
    } catch (e) {
      // Without a status we cannot tell setup from login; the login page can
      // still be shown, and the next navigation asks again.
      ElMessage({ type: 'error', message: (e as ApiError).message, grouping: true })
      return to.name === 'login' ? true : { name: 'login' }
    }
  }

  if (app.status?.needsSetup) {
    return to.name === 'setup' ? true : { name: 'setup' }
  }
  if (to.name === 'setup') {
    return session.loggedIn ? { name: 'home' } : { name: 'login' }
  }
  if (session.loggedIn && session.mustChangePassword) {
    return to.name === 'password' ? true : { name: 'password' }
  }
  if (session.loggedIn && typeof to.name === 'string' && VISITOR_PAGES.has(to.name)) {
    return { name: 'home' }
  }
  if (to.meta.public) return true
  if (!session.loggedIn) {
    return to.fullPath === '/'
      ? { name: 'login' }
      : { name: 'login', query: { redirect: to.fullPath } }
  }
  const roles = to.meta.roles
  if (roles && session.user && !roles.includes(session.user.role)) {
    return { name: 'home' }
  }
  return true
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
})

router.beforeEach(guard)
router.afterEach((to) => {
  const base = '社会工作者登记管理系统'
  document.title = to.meta.title ? `${to.meta.title} - ${base}` : base
})
