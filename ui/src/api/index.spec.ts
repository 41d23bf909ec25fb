import { invoke } from '@tauri-apps/api/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { call, clearErrors, connectTransport, fieldErrors, showError, toApiError } from '.'
import type { ApiError } from './generated/bindings'

const { message } = vi.hoisted(() => ({ message: vi.fn() }))

vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: message,
}))

// The app's side of the transport; what the app does with the reports is in session-events.spec.ts.
const app = { token: null as string | null, sessionEnded: vi.fn(), passwordChangeRequired: vi.fn() }

beforeEach(() => {
  vi.mocked(invoke).mockReset()
  message.mockReset()
  app.token = null
  app.sessionEnded.mockReset()
  app.passwordChangeRequired.mockReset()
  connectTransport({
    token: () => app.token,
    sessionEnded: app.sessionEnded,
    passwordChangeRequired: app.passwordChangeRequired,
  })
  // toApiError logs what it hides from the user; keep the test output clean.
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

describe('call', () => {
  it('sends the token and the args as { token, args }', async () => {
    app.token = 't-1'
    vi.mocked(invoke).mockResolvedValue({ id: 7, username: 'zhang01', displayName: '张三', role: 'worker', mustChangePassword: false, passwordExpired: false })
    const me = await call('me', null)
    expect(me.displayName).toBe('张三')
    expect(invoke).toHaveBeenCalledWith('me', { token: 't-1', args: null })
  })

  it('sends a null token without a session', async () => {
    vi.mocked(invoke).mockResolvedValue({ id: 'c', image: 'data:image/png;base64,' })
    await call('new_captcha', null)
    expect(invoke).toHaveBeenCalledWith('new_captcha', { token: null, args: null })
  })

  it('rejects with the ApiError the core sent', async () => {
    const err: ApiError = {
      code: 'validation',
      message: '输入有误',
      fields: [{ field: 'password', message: '密码至少8位，须同时包含字母和数字' }],
    }
    vi.mocked(invoke).mockRejectedValue(err)
    await expect(
      call('setup_admin', { username: 'admin', displayName: '管理员', password: 'x', passwordConfirm: 'x' }),
    ).rejects.toEqual(err)
  })

  it('rejects with an ApiError whatever the rejection was', async () => {
    vi.mocked(invoke).mockRejectedValue(new TypeError('window.__TAURI_INTERNALS__ is undefined'))
    await expect(call('app_status', null)).rejects.toEqual({
      code: 'internal',
      message: '系统内部错误，请稍后重试',
      fields: null,
    })
  })

  it('reports a session the core refused, and still rejects', async () => {
    app.token = 't-1'
    vi.mocked(invoke).mockRejectedValue({ code: 'unauthenticated', message: '会话已过期', fields: null })
    await expect(call('me', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(app.sessionEnded).toHaveBeenCalledTimes(1)
    expect(app.passwordChangeRequired).not.toHaveBeenCalled()
    // Nothing shown by the transport itself: the app decides.
    expect(message).not.toHaveBeenCalled()
  })

  it('reports that the core wants a new password, and still rejects', async () => {
    app.token = 't-1'
    vi.mocked(invoke).mockRejectedValue({ code: 'must_change_password', message: '请先修改密码', fields: null })
    await expect(call('list_outbox', null)).rejects.toMatchObject({ code: 'must_change_password' })
    expect(app.passwordChangeRequired).toHaveBeenCalledTimes(1)
    expect(app.sessionEnded).not.toHaveBeenCalled()
  })

  it('leaves a rejected logout to its caller', async () => {
    app.token = 't-1'
    vi.mocked(invoke).mockRejectedValue({ code: 'unauthenticated', message: '', fields: null })
    await expect(call('logout', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(app.sessionEnded).not.toHaveBeenCalled()
    expect(message).not.toHaveBeenCalled()
  })

  it('reports nothing for other errors', async () => {
    vi.mocked(invoke).mockRejectedValue({ code: 'forbidden', message: '没有权限', fields: null })
    await expect(call('me', null)).rejects.toMatchObject({ code: 'forbidden' })
    expect(app.sessionEnded).not.toHaveBeenCalled()
    expect(app.passwordChangeRequired).not.toHaveBeenCalled()
  })
})

describe('toApiError', () => {
  it('keeps a well-formed ApiError', () => {
    const err = { code: 'locked', message: '账号已锁定，请15分钟后再试', fields: null }
    expect(toApiError(err)).toEqual(err)
  })

  it('reads an ApiError serialised as a JSON string', () => {
    expect(toApiError('{"code":"forbidden","message":"无权操作","fields":null}')).toEqual({
      code: 'forbidden',
      message: '无权操作',
      fields: null,
    })
  })

  it('keeps a plain Chinese string as the message', () => {
    expect(toApiError('数据库文件无法打开')).toEqual({
      code: 'internal',
      message: '数据库文件无法打开',
      fields: null,
    })
  })

  it('never shows an English string or Error to the user', () => {
    expect(toApiError('command me not found').message).toBe('系统内部错误，请稍后重试')
    expect(toApiError(new Error('boom'))).toEqual({
      code: 'internal',
      message: '系统内部错误，请稍后重试',
      fields: null,
    })
    expect(toApiError(undefined).code).toBe('internal')
    expect(toApiError(42).code).toBe('internal')
  })

  it('shows the message the core gives a malformed request', () => {
    const err = { code: 'bad_request', message: '请求参数无效：“form.contact.mobile”应为文字，不能是整数', fields: null }
    expect(toApiError(err)).toEqual(err)
    expect(toApiError({ code: 'bad_request' }).message).toBe('请求参数无效，请刷新页面后重试')
  })

  it('fills in a missing message from the code', () => {
    expect(toApiError({ code: 'account_pending' })).toEqual({
      code: 'account_pending',
      message: '账号正在审核中，暂不能登录',
      fields: null,
    })
  })

  it('treats an unknown code as internal', () => {
    expect(toApiError({ code: 'teapot', message: 'short and stout' })).toEqual({
      code: 'internal',
      message: '系统内部错误，请稍后重试',
      fields: null,
    })
  })

  it('keeps only well-formed field errors, in camelCase', () => {
    expect(
      toApiError({
        code: 'validation',
        message: '输入有误',
        fields: [
          { field: 'captcha_answer', message: '验证码错误' },
          { field: 'username' },
          'password',
          { field: 'passwordConfirm', message: '两次输入的密码不一致' },
        ],
      }).fields,
    ).toEqual([
      { field: 'captchaAnswer', message: '验证码错误' },
      { field: 'passwordConfirm', message: '两次输入的密码不一致' },
    ])
    expect(toApiError({ code: 'validation', message: '输入有误', fields: [] }).fields).toBeNull()
  })
})

describe('form errors', () => {
  const validation: ApiError = {
    code: 'validation',
    message: '输入有误',
    fields: [
      { field: 'username', message: '账号已存在' },
      { field: 'password', message: '密码过短' },
      { field: 'password', message: '须包含数字' },
      { field: 'idNumber', message: '身份证号码校验位错误' },
    ],
  }

  it('maps fields to messages, joining repeats', () => {
    expect(fieldErrors(validation)).toEqual({
      username: '账号已存在',
      password: '密码过短；须包含数字',
      idNumber: '身份证号码校验位错误',
    })
    expect(fieldErrors({ code: 'internal', message: 'x', fields: null })).toEqual({})
  })

  it('puts field errors beside their fields and the rest in one message', () => {
    const errors = { username: 'old', password: '', passwordConfirm: 'old' }
    showError(validation, errors)
    expect(errors).toEqual({ username: '账号已存在', password: '密码过短；须包含数字', passwordConfirm: '' })
    expect(message).toHaveBeenCalledTimes(1)
    expect(message).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'error', message: '身份证号码校验位错误' }),
    )
  })

  it('shows an error without fields as one message', () => {
    const errors = { username: 'old' }
    showError({ code: 'account_pending', message: '账号正在审核中', fields: null }, errors)
    expect(errors.username).toBe('')
    expect(message).toHaveBeenCalledTimes(1)
    expect(message).toHaveBeenCalledWith(expect.objectContaining({ message: '账号正在审核中' }))
  })

  it('shows nothing more for an expired session', () => {
    showError({ code: 'unauthenticated', message: '登录已失效，请重新登录', fields: null }, {})
    expect(message).not.toHaveBeenCalled()
  })

  it('clears every error', () => {
    const errors = { a: 'x', b: 'y' }
    clearErrors(errors)
    expect(errors).toEqual({ a: '', b: '' })
  })
})
