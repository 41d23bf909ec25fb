// The one error shape of the core, `{code, message, fields}`, read from whatever a transport
// handed back (an IPC rejection, an HTTP answer's body), and the message for each code.
import type { ApiError, ErrorCode, FieldError } from './generated/bindings'

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

export function internal(original: unknown, message?: string): ApiError {
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
