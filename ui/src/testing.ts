// Test support: a fake core behind the mocked `invoke`, and a way to mount the
// whole app at a route with a given session.
import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from '@/App.vue'
import type { AppStatus, Commands, Session, UserInfo } from '@/api/bindings'
import { guard, routes } from '@/router'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'

export type Invocation = { name: string; token: string | null; args: unknown }
type Handler<K extends keyof Commands> = (
  args: Commands[K]['args'],
  token: string | null,
) => Commands[K]['result'] | Promise<Commands[K]['result']>
export type FakeCore = { [K in keyof Commands]?: Handler<K> }

/** Answers invoke from `handlers` (a handler throws to reject) and records every call. */
export function fakeCore(handlers: FakeCore): Invocation[] {
  const calls: Invocation[] = []
  vi.mocked(invoke).mockImplementation(async (name, payload) => {
    const { token, args } = payload as { token: string | null; args: unknown }
    calls.push({ name, token, args })
    const handler = handlers[name as keyof Commands] as
      | ((args: unknown, token: string | null) => unknown)
      | undefined
    if (!handler) throw { code: 'internal', message: `测试未提供命令 ${name}`, fields: null }
    return handler(args, token)
  })
  return calls
}

export function user(role: UserInfo['role'], extra: Partial<UserInfo> = {}): UserInfo {
  const names = { worker: '张三', reviewer: '李审核', admin: '王管理' }
  return {
    id: 1,
    username: `${role}01`,
    displayName: names[role],
    role,
    mustChangePassword: false,
    ...extra,
  }
}

export function session(role: UserInfo['role'], extra: Partial<UserInfo> = {}): Session {
  return { token: `token-${role}`, user: user(role, extra), idleMinutes: 15 }
}

export const READY: AppStatus = { needsSetup: false, version: '0.1.0', dataDir: '/tmp/swrms' }

/** Mounts the app at `path`. Without `status` the fake core's app_status is asked. */
export async function mountAt(
  path: string,
  opts: { session?: Session; status?: AppStatus } = {},
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  if (opts.status) useAppStore().status = { ...opts.status }
  if (opts.session) useSessionStore().start(opts.session)
  const router = createRouter({ history: createMemoryHistory(), routes })
  router.beforeEach(guard)
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    global: { plugins: [pinia, router, [ElementPlus, { locale: zhCn }]] },
    attachTo: document.body,
  })
  await settle()
  return { wrapper, router, pinia }
}

/** Lets promises, async validators and lazy routes finish. */
export async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/** el-form-item shows a validation error 100 ms after it is found. */
export async function errorsShown() {
  await settle()
  await new Promise((resolve) => setTimeout(resolve, 150))
}
