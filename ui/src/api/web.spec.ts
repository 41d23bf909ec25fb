// The transport in a browser: every command over `fetch` as the server's contract says
// (/work's issue 16: POST /api/<name>, Bearer token, errors read from the body whatever the
// status), and the file commands as their web equivalents.
import { invoke } from '@tauri-apps/api/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { call, callWithProgress, connectTransport, isBrowser } from '.'
import type { Progress } from './generated/bindings'
import { fileNameOf, PROGRESS_POLL_MS, UNREACHABLE } from './http'

const app = { token: null as string | null, sessionEnded: vi.fn(), passwordChangeRequired: vi.fn() }
const fetchMock = vi.fn<typeof fetch>()
/** What the page handed the browser to save: the link's name and the bytes behind its address. */
const saved: { name: string; blob: Blob }[] = []
const blobs = new Map<string, Blob>()

beforeEach(() => {
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockReset()
  vi.mocked(invoke).mockReset()
  app.token = null
  app.sessionEnded.mockReset()
  connectTransport({ token: () => app.token, sessionEnded: app.sessionEnded, passwordChangeRequired: app.passwordChangeRequired })
  saved.length = 0
  blobs.clear()
  let n = 0
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:test/${++n}`
    blobs.set(url, blob)
    return url
  }
  URL.revokeObjectURL = (url: string) => void blobs.delete(url)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href) as Blob })
  })
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

afterEach(() => {
  ;(window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {}
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** A Blob's text (jsdom's Blob has no `text()`). */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.readAsText(blob)
  })
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** The n-th request: its address, method, headers and body as sent. */
function sent(n = 0) {
  const [url, init] = fetchMock.mock.calls[n]
  return { url: String(url), method: init?.method, headers: init?.headers as Record<string, string>, body: init?.body, signal: init?.signal }
}

const PDF_NAME = '社会工作者登记申请表_张三.pdf'
const DISPOSITION = `attachment; filename*=UTF-8''${encodeURIComponent(PDF_NAME)}`

describe('which transport', () => {
  it('is HTTP without Tauri, IPC in its window', () => {
    expect(isBrowser()).toBe(true)
    ;(window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {}
    expect(isBrowser()).toBe(false)
  })

  it('never uses IPC in a browser', async () => {
    fetchMock.mockResolvedValue(json(200, { needsSetup: false, version: '0.1.0', dataDir: '/var/lib/swreg' }))
    await call('app_status', null)
    expect(invoke).not.toHaveBeenCalled()
  })
})

describe('a call over HTTP', () => {
  it('posts the args as JSON to /api/<name> with the session as a Bearer token', async () => {
    app.token = 't-1'
    fetchMock.mockResolvedValue(json(200, { id: 7, username: 'zhang01', displayName: '张三', role: 'worker', mustChangePassword: false }))
    const me = await call('me', null)
    expect(me.displayName).toBe('张三')
    const req = sent()
    expect(req.url).toBe('/api/me')
    expect(req.method).toBe('POST')
    expect(req.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer t-1' })
    expect(req.body).toBe('null')
  })

  it('sends no Authorization without a session', async () => {
    fetchMock.mockResolvedValue(json(200, { id: 'c1', image: 'data:image/png;base64,' }))
    await call('new_captcha', null)
    expect(sent().headers).toEqual({ 'Content-Type': 'application/json' })
  })

  it('sends the args as they are', async () => {
    fetchMock.mockResolvedValue(json(200, null))
    await call('logout', null)
    fetchMock.mockResolvedValue(json(200, { token: 'x', user: {}, idleMinutes: 15 }))
    await call('login', { username: 'zhang01', password: 'Secret123', captchaId: 'c1', captchaAnswer: 'ab12' })
    expect(JSON.parse(sent(1).body as string)).toEqual({ username: 'zhang01', password: 'Secret123', captchaId: 'c1', captchaAnswer: 'ab12' })
  })

  it('answers null for an empty body', async () => {
    fetchMock.mockResolvedValue(new Response('', { status: 200 }))
    await expect(call('logout', null)).resolves.toBeNull()
  })
})

describe('errors over HTTP', () => {
  it('reads the core’s error from the body whatever the status, fields in camelCase', async () => {
    fetchMock.mockResolvedValue(
      json(422, { code: 'validation', message: '输入有误', fields: [{ field: 'password_confirm', message: '两次输入的密码不一致' }] }),
    )
    await expect(
      call('setup_admin', { username: 'admin', displayName: '管理员', password: 'a', passwordConfirm: 'b' }),
    ).rejects.toEqual({ code: 'validation', message: '输入有误', fields: [{ field: 'passwordConfirm', message: '两次输入的密码不一致' }] })
  })

  it('shows a rate limit’s message as the server words it', async () => {
    fetchMock.mockResolvedValue(json(429, { code: 'rate_limited', message: '登录过于频繁，请60秒后再试', fields: null }, { 'Retry-After': '60' }))
    await expect(call('new_captcha', null)).rejects.toEqual({ code: 'rate_limited', message: '登录过于频繁，请60秒后再试', fields: null })
  })

  it('tells what the web cannot do, as the server says it', async () => {
    const message = '网页和连接服务器的桌面程序中不能恢复备份：请在服务器上使用 swreg-admin restore'
    fetchMock.mockResolvedValue(json(501, { code: 'unsupported', message, fields: null }))
    await expect(call('choose_backup', null)).rejects.toEqual({ code: 'unsupported', message, fields: null })
  })

  it('ends the session the server refused', async () => {
    app.token = 't-old'
    fetchMock.mockResolvedValue(json(401, { code: 'unauthenticated', message: '登录已失效，请重新登录', fields: null }))
    await expect(call('me', null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(app.sessionEnded).toHaveBeenCalledTimes(1)
  })

  it('maps a status without the core’s JSON to its code', async () => {
    const cases: [number, string, string][] = [
      [401, 'unauthenticated', '登录已失效，请重新登录'],
      [404, 'not_found', '要访问的数据不存在'],
      [413, 'bad_request', '请求参数无效，请刷新页面后重试'],
      [429, 'rate_limited', '操作过于频繁，请稍后再试'],
      [500, 'internal', '系统内部错误，请稍后重试'],
      [502, 'internal', UNREACHABLE],
      [504, 'internal', UNREACHABLE],
    ]
    for (const [status, code, message] of cases) {
      fetchMock.mockResolvedValueOnce(new Response('<html>Bad Gateway</html>', { status, headers: { 'Content-Type': 'text/html' } }))
      await expect(call('pending_account_count', null)).rejects.toEqual({ code, message, fields: null })
    }
  })

  it('says in Chinese that the server cannot be reached', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(call('app_status', null)).rejects.toEqual({ code: 'internal', message: '无法连接服务器，请检查网络后重试', fields: null })
  })

  it('never shows an answer that is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('<html>portal</html>', { status: 200 }))
    await expect(call('app_status', null)).rejects.toEqual({ code: 'internal', message: '系统内部错误，请稍后重试', fields: null })
  })
})

/** A download's answer: `parts` as its body, sent as they are pulled. */
function fileResponse(parts: string[], headers: Record<string, string>): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts.shift()
      if (part === undefined) controller.close()
      else controller.enqueue(encoder.encode(part))
    },
  })
  return new Response(body, { status: 200, headers })
}

describe('downloads', () => {
  it('saves the PDF under the name the server gives, and answers that name', async () => {
    app.token = 't-1'
    fetchMock.mockResolvedValue(
      fileResponse(['%PDF-1.7 ', 'body'], { 'Content-Type': 'application/pdf', 'Content-Length': '13', 'Content-Disposition': DISPOSITION }),
    )
    await expect(call('save_record_pdf', { workerId: 3 })).resolves.toBe(PDF_NAME)
    expect(sent().url).toBe('/api/save_record_pdf')
    expect(JSON.parse(sent().body as string)).toEqual({ workerId: 3 })
    expect(sent().headers.Authorization).toBe('Bearer t-1')
    expect(saved).toHaveLength(1)
    expect(saved[0].name).toBe(PDF_NAME)
    expect(saved[0].blob.type).toBe('application/pdf')
    expect(await textOf(saved[0].blob)).toBe('%PDF-1.7 body')
  })

  it('reports the bytes read against Content-Length', async () => {
    fetchMock.mockResolvedValue(
      fileResponse(['aaaa', 'bbbb', 'cc'], { 'Content-Type': 'application/pdf', 'Content-Length': '10', 'Content-Disposition': DISPOSITION }),
    )
    const seen: Progress[] = []
    await callWithProgress('save_batch_pdf', { workerIds: [1, 2], purpose: '年审' }, (p) => seen.push(p))
    expect(seen).toEqual([
      { done: 0, total: 10 },
      { done: 4, total: 10 },
      { done: 8, total: 10 },
      { done: 10, total: 10 },
    ])
  })

  it('reports the records while the server makes the file, then the bytes', async () => {
    vi.useFakeTimers()
    try {
      app.token = 't-1'
      const answers: unknown[] = [null, { done: 0, total: 0 }, { done: 30, total: 120 }, { done: 90, total: 120 }]
      let finish = (_: Response): void => {}
      const made = new Promise<Response>((resolve) => (finish = resolve))
      fetchMock.mockImplementation(async (url) => (url === '/api/progress' ? json(200, answers.shift() ?? null) : made))
      const seen: Progress[] = []
      const job = callWithProgress('save_batch_pdf', { workerIds: [1, 2], purpose: '年审' }, (p) => seen.push(p))
      await vi.advanceTimersByTimeAsync(4 * PROGRESS_POLL_MS + 10)
      expect(seen).toEqual([
        { done: 30, total: 120, making: true },
        { done: 90, total: 120, making: true },
      ])
      const polls = fetchMock.mock.calls.filter(([url]) => url === '/api/progress')
      expect(polls).toHaveLength(4)
      expect((polls[0][1]?.headers as Record<string, string>).Authorization).toBe('Bearer t-1')
      finish(fileResponse(['aaaa', 'bb'], { 'Content-Length': '6', 'Content-Disposition': DISPOSITION }))
      await job
      expect(seen.slice(2)).toEqual([
        { done: 0, total: 6 },
        { done: 4, total: 6 },
        { done: 6, total: 6 },
      ])
      // Once the file comes, the server is asked no more.
      const calls = fetchMock.mock.calls.length
      await vi.advanceTimersByTimeAsync(5 * PROGRESS_POLL_MS)
      expect(fetchMock.mock.calls.length).toBe(calls)
    } finally {
      vi.useRealTimers()
    }
  })

  it('says total 0 while the size is unknown', async () => {
    fetchMock.mockResolvedValue(fileResponse(['aaaa', 'bb'], { 'Content-Disposition': DISPOSITION }))
    const seen: Progress[] = []
    await callWithProgress('save_batch_pdf', { workerIds: [1], purpose: '年审' }, (p) => seen.push(p))
    expect(seen.map((p) => p.total)).toEqual([0, 0, 0])
    expect(seen.at(-1)?.done).toBe(6)
  })

  it('answers an export with its file name and the rows of its filter', async () => {
    app.token = 't-admin'
    const name = '登记名册_20261203.xlsx'
    fetchMock.mockResolvedValueOnce(
      fileResponse(['PK..'], { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` }),
    )
    fetchMock.mockResolvedValueOnce(json(200, { items: [], total: 42 }))
    const query = {
      status: 'registered' as const, district: '350203', title: '', field: '', fullTime: null, xiamenHukou: null,
      validFrom: '', validTo: '', search: '', sort: 'name' as const, page: 3, pageSize: 20,
    }
    const summary = await callWithProgress('export_records', { query, format: 'xlsx', withCodes: false, unmasked: false, purpose: '' }, () => {})
    expect(summary).toEqual({ rows: 42, path: name })
    expect(sent(1).url).toBe('/api/roster')
    expect(JSON.parse(sent(1).body as string)).toEqual({ ...query, page: 1, pageSize: 1 })
    expect(saved.map((s) => s.name)).toEqual([name])
  })

  it('answers a backup with its size and the anchor the server noted', async () => {
    fetchMock.mockResolvedValueOnce(fileResponse(['SQLite format 3'], { 'Content-Disposition': "attachment; filename*=UTF-8''swreg-backup.sqlite3" }))
    fetchMock.mockResolvedValueOnce(
      json(200, {
        settings: {}, folderInUse: '', defaultFolder: '', alert: null,
        runs: [
          { id: 9, kind: 'manual', ok: true, auditHash: 'abc123', path: '/tmp/x', bytes: 15, startedAt: '', finishedAt: '', message: null },
          { id: 8, kind: 'manual', ok: true, auditHash: 'old', path: '/tmp/y', bytes: 15, startedAt: '', finishedAt: '', message: null },
        ],
      }),
    )
    await expect(callWithProgress('backup_now', null, () => {})).resolves.toEqual({ path: 'swreg-backup.sqlite3', bytes: 15, auditHash: 'abc123' })
  })

  it('saves nothing when the server refuses, and shows why', async () => {
    fetchMock.mockResolvedValue(json(403, { code: 'forbidden', message: '仅管理员可以备份', fields: null }))
    await expect(call('save_stats_xlsx', {} as never)).rejects.toEqual({ code: 'forbidden', message: '仅管理员可以备份', fields: null })
    expect(saved).toEqual([])
  })

  it('stops on 取消: the download ends as cancelled and the server is told', async () => {
    app.token = 't-1'
    // A batch that never finishes on its own: one part, then nothing until it is stopped.
    fetchMock.mockImplementationOnce(async (_url, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(5))
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
        },
      })
      return new Response(body, { status: 200, headers: { 'Content-Length': '100', 'Content-Disposition': DISPOSITION } })
    })
    let reported = (): void => {}
    const first = new Promise<void>((resolve) => (reported = resolve))
    const job = callWithProgress('save_batch_pdf', { workerIds: [1], purpose: '年审' }, (p) => {
      if (p.done > 0) reported()
    })
    await first
    fetchMock.mockResolvedValueOnce(json(200, null))
    await call('cancel_batch', null)
    await expect(job).rejects.toEqual({ code: 'cancelled', message: '已取消', fields: null })
    expect(sent(0).signal?.aborted).toBe(true)
    expect(sent(1).url).toBe('/api/cancel_batch')
    expect(sent(1).headers.Authorization).toBe('Bearer t-1')
    expect(saved).toEqual([])
  })
})

describe('the photo', () => {
  /** The file input the transport opened, once it is in the page. */
  function fileInput(): HTMLInputElement {
    const input = document.querySelector<HTMLInputElement>('input[type=file]')
    if (!input) throw new Error('no file input')
    return input
  }

  it('opens a file input for JPEG or PNG and uploads the chosen image', async () => {
    app.token = 't-1'
    const opened = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {})
    fetchMock.mockResolvedValue(json(200, { photoId: 5, dataUrl: 'data:image/jpeg;base64,AAAA' }))
    const upload = call('choose_photo', { workerId: null })
    const input = fileInput()
    expect(opened).toHaveBeenCalledTimes(1)
    expect(input.accept).toBe('image/jpeg,image/png')
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], '证件照.jpg', { type: 'image/jpeg' })
    Object.defineProperty(input, 'files', { value: [photo] })
    input.dispatchEvent(new Event('change'))
    await expect(upload).resolves.toEqual({ photoId: 5, dataUrl: 'data:image/jpeg;base64,AAAA' })
    const req = sent()
    expect(req.url).toBe(`/api/choose_photo?args=${encodeURIComponent('{"workerId":null}')}`)
    expect(req.headers).toEqual({ 'Content-Type': 'application/octet-stream', Authorization: 'Bearer t-1' })
    expect(req.body).toBe(photo)
    expect(document.querySelector('input[type=file]')).toBeNull()
  })

  it('answers null when the picker is closed without a file', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {})
    const upload = call('choose_photo', { workerId: 4 })
    fileInput().dispatchEvent(new Event('cancel'))
    await expect(upload).resolves.toBeNull()
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('shows the core’s refusal beside the photo', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {})
    const refusal = { code: 'validation', message: '输入有误', fields: [{ field: 'photo', message: '照片不能超过5MB' }] }
    fetchMock.mockResolvedValue(json(422, refusal))
    const upload = call('choose_photo', { workerId: null })
    const input = fileInput()
    Object.defineProperty(input, 'files', { value: [new File(['x'], 'big.png', { type: 'image/png' })] })
    input.dispatchEvent(new Event('change'))
    await expect(upload).rejects.toEqual(refusal)
  })
})

describe('printing', () => {
  /** The frame the transport put the PDF in, once it is in the page. */
  function printFrame(): Promise<HTMLIFrameElement> {
    return vi.waitFor(() => {
      const found = document.querySelector('iframe')
      if (!found) throw new Error('no frame yet')
      return found
    })
  }

  it('puts the PDF in a hidden frame and prints it there', async () => {
    fetchMock.mockResolvedValue(
      fileResponse(['%PDF'], { 'Content-Type': 'application/pdf', 'Content-Disposition': DISPOSITION.replace('attachment', 'inline') }),
    )
    const printing = call('print_record_pdf', { workerId: null })
    const frame = await printFrame()
    expect(frame).not.toBeNull()
    expect(frame.getAttribute('aria-hidden')).toBe('true')
    const blob = blobs.get(frame.getAttribute('src') ?? '')
    expect(blob?.type).toBe('application/pdf')
    expect(await textOf(blob as Blob)).toBe('%PDF')
    const print = vi.fn()
    Object.defineProperty(frame, 'contentWindow', { value: { print } })
    frame.dispatchEvent(new Event('load'))
    await expect(printing).resolves.toBe(PDF_NAME)
    expect(print).toHaveBeenCalledTimes(1)
    expect(saved).toEqual([])
  })

  it('says so when the browser refuses to print the frame', async () => {
    fetchMock.mockResolvedValue(fileResponse(['%PDF'], { 'Content-Type': 'application/pdf', 'Content-Disposition': DISPOSITION }))
    const printing = call('print_record_pdf', { workerId: null })
    const frame = await printFrame()
    const print = () => {
      throw new DOMException('Blocked a frame from accessing a cross-origin frame', 'SecurityError')
    }
    Object.defineProperty(frame, 'contentWindow', { value: { print } })
    frame.dispatchEvent(new Event('load'))
    await expect(printing).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('保存PDF') })
  })
})

describe('fileNameOf', () => {
  it('reads the percent-encoded UTF-8 name first', () => {
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=UTF-8''${encodeURIComponent('登记表 2026.pdf')}`)).toBe('登记表 2026.pdf')
  })

  it('falls back to a plain name, and drops any folder', () => {
    expect(fileNameOf('attachment; filename="report.csv"')).toBe('report.csv')
    expect(fileNameOf('attachment; filename=a.xlsx')).toBe('a.xlsx')
    expect(fileNameOf(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`)).toBe('passwd')
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull()
  })

  it('is null without a name', () => {
    expect(fileNameOf(null)).toBeNull()
    expect(fileNameOf('attachment')).toBeNull()
  })
})
