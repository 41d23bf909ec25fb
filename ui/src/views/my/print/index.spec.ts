import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { PdfDocument } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, fakeCore, hasTestId, mountAt, session, toasts, type FakeCore } from '@/testing'

// PDF.js needs a real canvas and worker; here a stand-in records what it was asked to draw.
const drawn: { bytes: number[]; pages: number[] } = { bytes: [], pages: [] }
vi.mock('@/components/pdf/pdfjs', () => ({
  openPdf: async (data: Uint8Array) => {
    drawn.bytes = [...data]
    return {
      pages: 2,
      render: async (n: number) => {
        drawn.pages.push(n)
      },
      close: async () => {},
    }
  },
}))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  drawn.bytes = []
  drawn.pages = []
})

const PDF: PdfDocument = {
  base64: btoa('%PDF-1.7'),
  pages: 2,
  warnings: [],
  fileName: '社会工作者登记申请表-张三-厦社登202600001.pdf',
}

async function open(handlers: FakeCore) {
  const calls = fakeCore(handlers)
  const mounted = await mountAt('/my/print', { status: READY, session: session('worker') })
  wrapper = mounted.wrapper
  return { calls, router: mounted.router }
}

describe('信息预览打印', () => {
  it('draws every page of the core’s PDF', async () => {
    const { calls } = await open({ record_pdf: () => PDF })
    expect(calls.find((c) => c.name === 'record_pdf')?.args).toEqual({ workerId: null })
    await vi.waitFor(() => expect(drawn.pages).toEqual([1, 2]))
    expect(String.fromCharCode(...drawn.bytes)).toBe('%PDF-1.7')
    expect(hasTestId('print-page-1')).toBe(true)
    expect(hasTestId('print-page-2')).toBe(true)
    expect(hasTestId('print-page-3')).toBe(false)
    expect(hasTestId('print-warnings')).toBe(false)
  })

  it('shows the core’s warnings', async () => {
    await open({ record_pdf: () => ({ ...PDF, warnings: ['姓名中的“𠈌”字体缺字，打印时将显示为空白'] }) })
    expect(byTestId('print-warnings').textContent).toContain('姓名中的“𠈌”字体缺字')
  })

  it('打印 hands the PDF to the system; 保存PDF says where it went', async () => {
    let path: string | null = '/home/zhang/社会工作者登记申请表-张三.pdf'
    const { calls } = await open({
      record_pdf: () => PDF,
      print_record_pdf: () => '/tmp/swreg-print/a.pdf',
      save_record_pdf: () => path,
    })
    await clickTestId('print-print')
    expect(calls.find((c) => c.name === 'print_record_pdf')?.args).toEqual({ workerId: null })
    expect(toasts().some((t) => t.includes('PDF阅读器'))).toBe(true)
    await clickTestId('print-save')
    expect(calls.find((c) => c.name === 'save_record_pdf')?.args).toEqual({ workerId: null })
    expect(toasts()).toContain('已保存到 /home/zhang/社会工作者登记申请表-张三.pdf')
    path = null
    await clickTestId('print-save')
    expect(calls.filter((c) => c.name === 'save_record_pdf')).toHaveLength(2)
  })

  it('explains why there is nothing to print yet', async () => {
    await open({
      record_pdf: () => {
        throw { code: 'conflict', message: '提交审核后可预览打印登记申请表', fields: null }
      },
    })
    expect(byTestId('print-error').textContent).toContain('提交审核后可预览打印登记申请表')
    expect(byTestId<HTMLButtonElement>('print-print').disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('print-save').disabled).toBe(true)
  })
})
