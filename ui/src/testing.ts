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
import type { AccountRow, AppStatus, Commands, Progress, Session, UserInfo } from '@/api/generated/bindings'
import { guard, routes } from '@/router'
import { connectSession } from '@/session-events'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'

export type Invocation = { name: string; token: string | null; args: unknown }
/** What a long job's handler gets beside its args: the channel the page listens on. */
export type ProgressSink = { onmessage: (progress: Progress) => void }
type Handler<K extends keyof Commands> = (
  args: Commands[K]['args'],
  token: string | null,
  onProgress: ProgressSink | undefined,
) => Commands[K]['result'] | Promise<Commands[K]['result']>
export type FakeCore = { [K in keyof Commands]?: Handler<K> }

/** Answers invoke from `handlers` (a handler throws to reject) and records every call. */
export function fakeCore(handlers: FakeCore): Invocation[] {
  const calls: Invocation[] = []
  vi.mocked(invoke).mockImplementation(async (name, payload) => {
    const { token, args, onProgress } = payload as { token: string | null; args: unknown; onProgress?: ProgressSink }
    calls.push({ name, token, args })
    const handler = handlers[name as keyof Commands] as
      | ((args: unknown, token: string | null, onProgress: ProgressSink | undefined) => unknown)
      | undefined
    if (!handler) throw { code: 'internal', message: `测试未提供命令 ${name}`, fields: null }
    return handler(args, token, onProgress)
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
    passwordExpired: false,
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
  connectSession(router)
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    global: { plugins: [pinia, router, [ElementPlus, { locale: zhCn }]] },
    attachTo: document.body,
  })
  await settle()
  return { wrapper, router, pinia }
}

/** A core call that waits until the spec lets it answer (or fail). */
export function held<T>() {
  let answer!: (value: T) => void
  let fail!: (err: unknown) => void
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve
    fail = reject
  })
  return { promise, answer, fail }
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

/** The element with this data-testid anywhere in the page (dialogs are appended to <body>). */
export function byTestId<T extends HTMLElement = HTMLElement>(testid: string): T {
  const el = document.querySelector<T>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no element with data-testid="${testid}"`)
  return el
}

export function hasTestId(testid: string): boolean {
  return document.querySelector(`[data-testid="${testid}"]`) !== null
}

/** Clicks the element with this data-testid and lets the page answer. */
export async function clickTestId(testid: string) {
  byTestId(testid).click()
  await settle()
}

/** Types into the <input> or <textarea> with this data-testid (or the one inside it). */
export async function typeInto(testid: string, value: string) {
  const host = byTestId(testid)
  const field =
    host instanceof HTMLInputElement || host instanceof HTMLTextAreaElement
      ? host
      : host.querySelector<HTMLInputElement>('input, textarea')!
  field.value = value
  field.dispatchEvent(new Event('input', { bubbles: true }))
  field.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
}

/** The validation message shown beside the field with this data-testid. */
export function errorBesideTestId(testid: string): string {
  const item = byTestId(testid).closest('.el-form-item')
  return item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

/** The text of the ElMessage toasts on screen. */
export function toasts(): string[] {
  return [...document.querySelectorAll('.el-message__content')].map((m) => m.textContent?.trim() ?? '')
}

/** An account as the core lists it (ID number and phone masked). */
export function accountRow(username: string, extra: Partial<AccountRow> = {}): AccountRow {
  return {
    id: username.length * 100 + username.charCodeAt(0),
    username,
    displayName: '张三',
    role: 'worker',
    status: 'pending',
    idNumber: '350203********1234',
    phone: '138****8000',
    email: `${username}@example.cn`,
    createdAt: '2026-12-01T08:30:00Z',
    reviewComment: null,
    reviewedAt: null,
    lastLoginAt: null,
    mustChangePassword: false,
    reviewScope: null,
    ...extra,
  }
}
