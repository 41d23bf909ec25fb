// The core over HTTP (`swreg-server`): `POST /api/<name>` with the session as a Bearer token
// and the args as JSON; the answer's JSON, or the core's error read from the body whatever the
// status. Only the transport (index.ts, web.ts) uses this module.
import { DEFAULT_MESSAGES, internal, toApiError } from './errors'
import type { ApiError, ErrorCode, Progress } from './generated/bindings'

/** Told when the server cannot be reached at all (no answer, or a proxy saying so). */
export const UNREACHABLE = '无法连接服务器，请检查网络后重试'

/** What a request sends: its body and the body's type. */
type Body = { body: BodyInit; type: string }

function jsonBody(args: unknown): Body {
  return { body: JSON.stringify(args ?? null), type: 'application/json' }
}

/** `POST /api/<name>` (with `query` after a `?`); rejects with an ApiError. */
async function request(name: string, token: string | null, body: Body, query = '', signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': body.type }
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`/api/${name}${query}`, { method: 'POST', headers, body: body.body, signal, credentials: 'same-origin' })
  } catch (e) {
    throw failed(e, signal)
  }
  if (!response.ok) throw await errorOf(response)
  return response
}

/** A call: the args as JSON in, the result's JSON out. */
export async function post(name: string, token: string | null, args: unknown): Promise<unknown> {
  return readJson(await request(name, token, jsonBody(args)))
}

/** An upload: `bytes` as the body, the args in the address (`?args=`), the result's JSON out. */
export async function upload(name: string, token: string | null, args: unknown, bytes: Blob): Promise<unknown> {
  const query = `?args=${encodeURIComponent(JSON.stringify(args ?? null))}`
  return readJson(await request(name, token, { body: bytes, type: 'application/octet-stream' }, query))
}

export interface Downloaded {
  /** The name the server proposes (Content-Disposition), without any folder. */
  name: string
  blob: Blob
}

/**
 * A download's progress: while the server makes the file (an export, a batch PDF), its records
 * (`making`); then the bytes as they come (`total` 0 while the server did not say).
 */
export interface DownloadProgress extends Progress {
  making?: boolean
}

/** How often the progress of a file being made is asked for. */
export const PROGRESS_POLL_MS = 400

/**
 * A download: the args as JSON in, the file's bytes out. Until the first byte, the server's
 * progress in making it (`GET /api/progress`, the caller's own job) is asked for and reported;
 * then the bytes are read as they come. `signal` stops it: the promise then rejects with
 * `cancelled`.
 */
export async function download(
  name: string,
  token: string | null,
  args: unknown,
  onProgress?: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<Downloaded> {
  const stopPolling = onProgress && token ? pollMaking(token, onProgress) : () => {}
  let response: Response
  try {
    response = await request(name, token, jsonBody(args), '', signal)
  } finally {
    stopPolling()
  }
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream'
  const file = fileNameOf(response.headers.get('Content-Disposition')) ?? '下载文件'
  const length = Number(response.headers.get('Content-Length') ?? '')
  const total = Number.isFinite(length) && length > 0 ? length : 0
  const chunks: BlobPart[] = []
  let done = 0
  onProgress?.({ done, total })
  try {
    const reader = response.body?.getReader()
    if (reader) {
      for (;;) {
        const part = await reader.read()
        if (part.done) break
        chunks.push(part.value)
        done += part.value.byteLength
        onProgress?.({ done, total: total === 0 ? 0 : Math.max(total, done) })
      }
    } else {
      const whole = await response.arrayBuffer()
      chunks.push(whole)
      done = whole.byteLength
      onProgress?.({ done, total: done })
    }
  } catch (e) {
    throw failed(e, signal)
  }
  return { name: file, blob: new Blob(chunks, { type }) }
}

/**
 * Asks the server every [PROGRESS_POLL_MS] how far the caller's file has come and reports it,
 * until the returned function is called. A failed or empty answer reports nothing.
 */
function pollMaking(token: string, onProgress: (progress: DownloadProgress) => void): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const ask = async () => {
    try {
      const response = await fetch('/api/progress', { headers: { Authorization: `Bearer ${token}` }, credentials: 'same-origin' })
      const answer: unknown = response.ok ? await response.json() : null
      if (!stopped && isProgress(answer) && answer.total > 0) onProgress({ done: answer.done, total: answer.total, making: true })
    } catch {
      // The download's own answer tells what went wrong.
    }
    if (!stopped) timer = setTimeout(ask, PROGRESS_POLL_MS)
  }
  timer = setTimeout(ask, PROGRESS_POLL_MS)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

function isProgress(value: unknown): value is Progress {
  return typeof value === 'object' && value !== null && typeof (value as Progress).done === 'number' && typeof (value as Progress).total === 'number'
}

/**
 * The file name of a `Content-Disposition` header: `filename*=UTF-8''…` (percent-encoded) first,
 * then a plain `filename=`; any folder part is dropped. Null without one.
 */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null
  let name: string | null = null
  const extended = /filename\*\s*=\s*([\w-]*)'[^']*'([^;\s]+)/i.exec(disposition)
  if (extended) {
    try {
      name = decodeURIComponent(extended[2])
    } catch {
      name = null
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition)
    name = plain ? (plain[1] ?? plain[2]) : null
  }
  const base = name?.split(/[\\/]/).pop()?.trim()
  return base ? base : null
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text.trim() === '') return null
  try {
    return JSON.parse(text)
  } catch {
    throw internal(`不是JSON的回答：${text.slice(0, 200)}`)
  }
}

/** The code of a status whose body carried no error of the core (a proxy's page, a limit). */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'bad_request',
  422: 'validation',
  429: 'rate_limited',
  501: 'unsupported',
}

/** The error of an answer with a status ≥ 400: the core's JSON when the body holds it. */
export async function errorOf(response: Response): Promise<ApiError> {
  let text = ''
  try {
    text = await response.text()
  } catch {
    // No body to read: the status alone says what happened.
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null && 'code' in parsed) return toApiError(parsed)
  } catch {
    // Not the core's JSON: a proxy or the server's own limits answered.
  }
  if ([502, 503, 504].includes(response.status)) {
    return { code: 'internal', message: UNREACHABLE, fields: null }
  }
  const code = CODE_OF_STATUS[response.status] ?? 'internal'
  console.error('服务器的回答', response.status, text.slice(0, 200))
  return { code, message: DEFAULT_MESSAGES[code], fields: null }
}

/** A fetch that threw: stopped on purpose, or no server to answer. */
function failed(e: unknown, signal?: AbortSignal): ApiError {
  if (signal?.aborted) return { code: 'cancelled', message: DEFAULT_MESSAGES.cancelled, fields: null }
  if (isApiError(e)) return e
  console.error('无法连接服务器', e)
  return { code: 'internal', message: UNREACHABLE, fields: null }
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && 'fields' in e
}
