import {
  createRouter,
  createWebHashHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
} from 'vue-router'
import { ElMessage } from 'element-plus'
import type { ApiError, Role } from '@/api/bindings'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'
import MainLayout from '@/layouts/MainLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title shown in the window title. */
    title?: string
    /** Reachable without a session. */
    public?: boolean
    /** Only these roles may open the page (the core checks again). */
    roles?: Role[]
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
  // 注册 (/register) and 找回密码 (/recover) will be public routes here.
  {
    path: '/',
    component: MainLayout,
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
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/404.vue'),
    meta: { title: '页面不存在', public: true },
  },
]

/**
 * Until the core reports an administrator exists every page leads to /setup,
 * and afterwards /setup leads away; without a session only public pages open.
 */
export async function guard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const app = useAppStore()
  const session = useSessionStore()

  if (!app.status) {
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
  if (to.name === 'login' && session.loggedIn) {
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
