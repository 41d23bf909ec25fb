// The one place that talks to the core. Every command goes through `call`, which adds the
// session token and turns any rejection into an ApiError. In the desktop app's window the core
// answers over Tauri's IPC; in a browser (the server's web portal) over HTTP (web.ts). Nothing
// else in the UI knows which: a page may only ask `isBrowser()`.
// It knows nothing of pages or stores: the app tells it the token and hears when the core
// ends the session (see `connectTransport`), so no page module is imported from here.
import { Channel, invoke } from '@tauri-apps/api/core'
import { ElMessage } from 'element-plus'
import { DEFAULT_MESSAGES, toApiError } from './errors'
import type { ApiError, Commands, ErrorCode, FieldError, Progress } from './generated/bindings'
import { isBrowser, webSend } from './web'

export { DEFAULT_MESSAGES, isBrowser, toApiError }

export type { ApiError, ErrorCode, FieldError, Progress }
export type { DownloadProgress } from './http'

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
  return send(name, args)
}

/** The long jobs that report their progress: on a channel (src-tauri/src/files.rs), or as bytes arrive in a browser. */
export type ProgressCommand = 'save_batch_pdf' | 'export_records' | 'backup_now' | 'run_import'

/**
 * `call` for a long job: the core sends `{done, total}` on a channel, passed beside the args as
 * `onProgress` (in a browser: the records while the server makes the file, then the bytes of the
 * download so far); `cancel_batch` stops the job.
 */
export async function callWithProgress<K extends ProgressCommand>(
  name: K,
  args: Commands[K]['args'],
  onProgress: (progress: Progress) => void,
): Promise<Commands[K]['result']> {
  return send(name, args, onProgress)
}

async function send<K extends keyof Commands>(
  name: K,
  args: Commands[K]['args'],
  onProgress?: (progress: Progress) => void,
): Promise<Commands[K]['result']> {
  const token = hooks.token()
  try {
    if (isBrowser()) return (await webSend(name, token, args, onProgress)) as Commands[K]['result']
    if (!onProgress) return await invoke<Commands[K]['result']>(name, { token, args })
    const channel = new Channel<Progress>()
    channel.onmessage = onProgress
    return await invoke<Commands[K]['result']>(name, { token, args, onProgress: channel })
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
  if (rest.length === 0) return
  // What this way of using the app cannot do (恢复, 导入 through the server) says where to do it
  // instead: it stays until closed.
  const lasting = err.code === 'unsupported' ? { duration: 0, showClose: true } : {}
  ElMessage({ type: 'error', message: rest.join('；'), grouping: true, ...lasting })
}
