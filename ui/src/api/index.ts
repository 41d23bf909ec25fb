// The one place that talks to the Tauri core. Every command goes through
// `call`, which adds the session token and turns any rejection into an ApiError.
// It knows nothing of pages or stores: the app tells it the token and hears when the core
// ends the session (see `connectTransport`), so no page module is imported from here.
import { Channel, invoke } from '@tauri-apps/api/core'
import { ElMessage } from 'element-plus'
import type { ApiError, Commands, ErrorCode, FieldError, Progress } from './generated/bindings'

export type { ApiError, ErrorCode, FieldError, Progress }

/** Shown when the core sent no usable message; a Record so a new code cannot be forgotten. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  validation: '输入有误，请检查后重试',
  unauthenticated: '登录已失效，请重新登录',
  forbidden: '没有权限执行此操作',
  not_found: '要访问的数据不存在',
  conflict: '数据已被修改或已存在，请刷新后重试',
  captcha: '验证码错误',
  login_failed: '账号或密码错误',
  locked: '登录失败次数过多，账号已被暂时锁定',
  account_pending: '账号正在审核中，暂不能登录',
  account_rejected: '账号注册未通过审核',
  account_disabled: '账号已被停用',
  must_change_password: '请先修改密码',
  database: '数据库错误，请稍后重试',
  internal: '系统内部错误，请稍后重试',
  cancelled: '已取消',
  file: '无法读写所选的文件',
  bad_request: '请求参数无效，请刷新页面后重试',
  rate_limited: '操作过于频繁，请稍后再试',
  unsupported: '当前使用方式不支持此操作',
}

export const SESSION_EXPIRED = DEFAULT_MESSAGES.unauthenticated

/** What the transport needs from the app, and what it reports back to it. */
export interface TransportHooks {
  /** The session token to send; null without a session. */
  token(): string | null
  /** The core refused the session (expired, ended by idle time): the app ends it on its side. */
  sessionEnded(): void
  /** The core wants a new password before anything else. */
  passwordChangeRequired(): void
}

const DISCONNECTED: TransportHooks = {
  token: () => null,
  sessionEnded: () => {},
  passwordChangeRequired: () => {},
}

let hooks: TransportHooks = DISCONNECTED

/** Set once at start-up (src/session-events.ts); a later call replaces the earlier hooks. */
export function connectTransport(next: TransportHooks): void {
  hooks = next
}

export async function call<K extends keyof Commands>(
  name: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  return send(name, { token: hooks.token(), args })
}

/** The long jobs that report their progress on a channel (src-tauri/src/files.rs). */
export type ProgressCommand = 'save_batch_pdf' | 'export_records' | 'backup_now' | 'run_import'

/**
 * `call` for a long job: the core sends `{done, total}` on a channel, passed beside the args as
 * `onProgress`; `cancel_batch` stops the job.
 */
export async function callWithProgress<K extends ProgressCommand>(
  name: K,
  args: Commands[K]['args'],
  onProgress: (progress: Progress) => void,
): Promise<Commands[K]['result']> {
  const channel = new Channel<Progress>()
  channel.onmessage = onProgress
  return send(name, { token: hooks.token(), args, onProgress: channel })
}

async function send<K extends keyof Commands>(name: K, payload: Record<string, unknown>): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(name, payload)
  } catch (raw) {
    const err = toApiError(raw)
    // A rejected logout means the session is already gone: the caller is
    // leaving anyway, so no "expired" message for it.
    if (err.code === 'unauthenticated' && name !== 'logout') {
      hooks.sessionEnded()
    }
    if (err.code === 'must_change_password') {
      hooks.passwordChangeRequired()
    }
    throw err
  }
}

/** Normalises whatever a rejected invoke gave (ApiError object, JSON or plain string, Error) into an ApiError. */
export function toApiError(raw: unknown): ApiError {
  if (typeof raw === 'string') {
    const parsed = parseJson(raw)
    if (isObject(parsed)) return fromObject(parsed)
    return internal(raw, hasChinese(raw) ? raw : undefined)
  }
  if (raw instanceof Error) return internal(raw)
  if (isObject(raw)) return fromObject(raw)
  return internal(raw)
}

function fromObject(o: Record<string, unknown>): ApiError {
  const known = isErrorCode(o.code)
  const code: ErrorCode = known ? (o.code as ErrorCode) : 'internal'
  const text = typeof o.message === 'string' ? o.message.trim() : ''
  // The core writes its messages in Chinese; anything else (a Tauri or
  // serialisation failure) is not for the user to read.
  const usable = text !== '' && (known || hasChinese(text))
  if (!known) console.error('未识别的错误', o)
  const fields = Array.isArray(o.fields)
    ? o.fields.filter(isFieldError).map((f) => ({ field: camelCase(f.field), message: f.message }))
    : []
  return {
    code,
    message: usable ? text : DEFAULT_MESSAGES[code],
    fields: fields.length > 0 ? fields : null,
  }
}

function internal(original: unknown, message?: string): ApiError {
  console.error('调用核心失败', original)
  return { code: 'internal', message: message ?? DEFAULT_MESSAGES.internal, fields: null }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DEFAULT_MESSAGES, v)
}

function isFieldError(v: unknown): v is FieldError {
  return isObject(v) && typeof v.field === 'string' && typeof v.message === 'string'
}

function hasChinese(s: string): boolean {
  return /[\u4e00-\u9fff]/.test(s)
}

function camelCase(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/** field → message; several messages for one field are joined. */
export function fieldErrors(err: ApiError): Record<string, string> {
  const map: Record<string, string> = {}
  for (const { field, message } of err.fields ?? []) {
    map[field] = map[field] ? `${map[field]}；${message}` : message
  }
  return map
}

/**
 * Empties a form's server errors. Call it before the request, not in the same
 * tick as `showError`: el-form-item only shows `:error` when the value changes.
 */
export function clearErrors(errors: Record<string, string>): void {
  for (const key of Object.keys(errors)) errors[key] = ''
}

/**
 * Shows an ApiError on a form: every field error whose field is a key of
 * `errors` goes beside that field (bind each el-form-item's `:error`), and the
 * rest — or the error's message when it names no field — in one ElMessage.
 * An expired session was already announced by `call`.
 */
export function showError(err: ApiError, errors?: Record<string, string>): void {
  if (errors) clearErrors(errors)
  if (err.code === 'unauthenticated') return
  const byField = fieldErrors(err)
  const rest: string[] = []
  for (const [field, message] of Object.entries(byField)) {
    if (errors && field in errors) errors[field] = message
    else rest.push(message)
  }
  if (Object.keys(byField).length === 0) rest.push(err.message)
  if (rest.length > 0) ElMessage({ type: 'error', message: rest.join('；'), grouping: true })
}
