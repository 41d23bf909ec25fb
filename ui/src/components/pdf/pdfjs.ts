// PDF.js behind a small surface, so that PdfPreview stays simple and specs can stand in for it.
// The worker is bundled as a file of the app (Vite `?url`): the CSP allows scripts from 'self'
// only, so neither a CDN nor a blob: worker would load.
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerUrl

export interface OpenedPdf {
  pages: number
  /** Draws page `n` (1-based) into `canvas`, `cssWidth` pixels wide on screen, sharp on HiDPI. */
  render(n: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>
  close(): Promise<void>
}

export async function openPdf(data: Uint8Array): Promise<OpenedPdf> {
  // The worker takes the buffer over: hand it a copy.
  const task = getDocument({ data: data.slice(), isEvalSupported: false, enableXfa: false })
  const doc = await task.promise
  return {
    pages: doc.numPages,
    async render(n, canvas, cssWidth) {
      const page = await doc.getPage(n)
      const natural = page.getViewport({ scale: 1 })
      const scale = cssWidth / natural.width
      const ratio = window.devicePixelRatio || 1
      const viewport = page.getViewport({ scale: scale * ratio })
      canvas.width = Math.floor(viewport.width)
      canvas.height = Math.floor(viewport.height)
      canvas.style.width = `${cssWidth}px`
      canvas.style.height = `${Math.floor(natural.height * scale)}px`
      await page.render({ canvas, viewport }).promise
      page.cleanup()
    },
    close: () => task.destroy(),
  }
}

