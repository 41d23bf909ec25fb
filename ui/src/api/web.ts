// The app in a browser (the server's web portal): every command goes over HTTP (http.ts), and
// the file commands, which open native dialogs in the desktop app, become their web
// equivalents here, answering with the same result types the pages expect:
// - choose_photo: a file input; the image is uploaded and the core checks it as in the app;
// - the saves (PDFs, exports, the statistics, a backup, the import template): a download read
//   as a stream with progress, saved by the browser under the name the server gives — the
//   result's `path` is that name;
// - print_record_pdf: the PDF in a hidden frame, printed with the browser's print;
// - cancel_batch: stops the running download and tells the server.
import type { ApiError, BackupOverview, BackupSummary, ExportArgs, ExportSummary, Page, PhotoUpload, Progress, RosterRow } from './generated/bindings'
import { download, post, upload, type Downloaded } from './http'

/** True in a browser; false in the desktop app's window (Tauri). The one thing pages may ask. */
export function isBrowser(): boolean {
  return !('__TAURI_INTERNALS__' in window)
}

/** Commands answered with a file to save. */
const SAVES = new Set([
  'save_record_pdf',
  'save_batch_pdf',
  'export_records',
  'save_stats_xlsx',
  'backup_now',
  'save_import_template',
])

/** The downloads running now; `cancel_batch` stops them. */
const running = new Set<AbortController>()

/** One command sent from a browser; rejects with an ApiError. */
export async function webSend(
  name: string,
  token: string | null,
  args: unknown,
  onProgress?: (progress: Progress) => void,
): Promise<unknown> {
  if (name === 'choose_photo') return choosePhoto(token, args)
  if (name === 'print_record_pdf') return printPdf(token, args)
  if (name === 'cancel_batch') {
    for (const controller of running) controller.abort()
    return post(name, token, args)
  }
  if (!SAVES.has(name)) return post(name, token, args)
  const file = await saveDownload(name, token, args, onProgress)
  if (name === 'export_records') return exportSummary(token, args as ExportArgs, file)
  if (name === 'backup_now') return backupSummary(token, file)
  return file.name
}

async function saveDownload(
  name: string,
  token: string | null,
  args: unknown,
  onProgress?: (progress: Progress) => void,
): Promise<Downloaded> {
  const controller = new AbortController()
  running.add(controller)
  try {
    const file = await download(name, token, args, onProgress, controller.signal)
    saveAs(file)
    return file
  } finally {
    running.delete(controller)
  }
}

/** Hands the bytes to the browser, which saves them as a download (or asks where). */
function saveAs(file: Downloaded): void {
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.name
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The browser has read the address once the click is handled; free the bytes after a while.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * The export's summary: the rows come from the register's count under the same filter the
 * export used (the file itself does not say).
 */
async function exportSummary(token: string | null, args: ExportArgs, file: Downloaded): Promise<ExportSummary> {
  const page = (await post('roster', token, { ...args.query, page: 1, pageSize: 1 })) as Page<RosterRow>
  return { rows: page.total, path: file.name }
}

/** The backup's summary: its size as received, its anchor from the run the server just noted. */
async function backupSummary(token: string | null, file: Downloaded): Promise<BackupSummary> {
  const overview = (await post('backup_overview', token, null)) as BackupOverview
  const run = overview.runs.find((r) => r.kind === 'manual' && r.ok)
  return { path: file.name, bytes: file.blob.size, auditHash: run?.auditHash ?? null }
}

/** 选择照片: the user picks an image; null when the picker was closed without one. */
async function choosePhoto(token: string | null, args: unknown): Promise<PhotoUpload | null> {
  const image = await pickFile('image/jpeg,image/png')
  if (!image) return null
  return (await upload('choose_photo', token, args, image)) as PhotoUpload
}

/** A hidden file input, opened at once (the click that asked for it is still fresh). */
function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.hidden = true
    input.dataset.testid = 'file-input'
    const finish = (file: File | null) => {
      input.remove()
      resolve(file)
    }
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true })
    input.addEventListener('cancel', () => finish(null), { once: true })
    document.body.append(input)
    input.click()
  })
}

/** The frame the last printed PDF sits in; replaced by the next. */
let printFrame: { frame: HTMLIFrameElement; url: string } | null = null

/** 打印: the PDF in a hidden frame of this page, and the browser's print dialog for it. */
async function printPdf(token: string | null, args: unknown): Promise<string> {
  const file = await download('print_record_pdf', token, args)
  if (printFrame) {
    printFrame.frame.remove()
    URL.revokeObjectURL(printFrame.url)
  }
  const url = URL.createObjectURL(new Blob([file.blob], { type: 'application/pdf' }))
  const frame = document.createElement('iframe')
  frame.title = file.name
  frame.setAttribute('aria-hidden', 'true')
  frame.tabIndex = -1
  // Not display:none: a frame that is not laid out may not print.
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden'
  const printed = new Promise<string>((resolve, reject) => {
    frame.addEventListener(
      'load',
      () => {
        try {
          // Refused when the page's CSP does not let it frame blob: addresses (frame-src).
          frame.contentWindow?.print()
          resolve(file.name)
        } catch (e) {
          console.error('浏览器未能打印', e)
          reject({ code: 'internal', message: PRINT_FAILED, fields: null } satisfies ApiError)
        }
      },
      { once: true },
    )
  })
  frame.src = url
  document.body.append(frame)
  printFrame = { frame, url }
  return printed
}

const PRINT_FAILED = '浏览器未能打开打印窗口，请先“保存PDF”，再用PDF阅读器打印'
