import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ApiError, ExportSummary } from '@/api/generated/bindings'
import { fakeCore, held, type ProgressSink } from '@/testing'
import { DEFAULT_FILTERS, toRosterQuery } from '@/views/staff/roster/filters'
import { isCancelled, useCancellableJob } from './useCancellableJob'

const err = (code: string, message: string) => ({ code, message, fields: null }) as unknown as ApiError

const { message } = vi.hoisted(() => ({ message: Object.assign(vi.fn(), { closeAll: vi.fn() }) }))
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: message,
}))

const close = vi.fn()

beforeEach(() => {
  setActivePinia(createPinia())
  message.mockReset()
  close.mockReset()
})

/** A job as the export dialog runs it. */
const job = (errors?: Record<string, string>) =>
  useCancellableJob({ cancelledMessage: '已取消导出，未保存文件', close, errors })

const told = () => message.mock.calls.map(([m]) => m as { type: string; message: string })

describe('isCancelled', () => {
  it('knows the core’s code for a stopped job', () => {
    expect(isCancelled(err('cancelled', '已取消'))).toBe(true)
  })

  it('takes nothing else for a cancellation', () => {
    expect(isCancelled(err('conflict', '已取消'))).toBe(false)
    expect(isCancelled(err('conflict', '数据已被修改或已存在，请刷新后重试'))).toBe(false)
    expect(isCancelled(err('internal', '已取消'))).toBe(false)
    expect(isCancelled(err('database', '数据库错误，请稍后重试'))).toBe(false)
  })
})

describe('useCancellableJob', () => {
  it('reports the progress and hands on the core’s answer', async () => {
    let sink: ProgressSink | undefined
    const core = held<string | null>()
    fakeCore({
      save_batch_pdf: (_args, _token, onProgress) => {
        sink = onProgress
        return core.promise
      },
    })
    const { running, progress, run } = job()
    const outcome = run('save_batch_pdf', { workerIds: [7, 8], purpose: '年度核查' })
    expect(running.value).toBe(true)
    expect(progress.value).toBeNull()
    await flushPromises()
    sink!.onmessage({ done: 1, total: 2 })
    expect(progress.value).toEqual({ done: 1, total: 2 })
    core.answer('/tmp/登记表.pdf')
    expect(await outcome).toBe('/tmp/登记表.pdf')
    expect(running.value).toBe(false)
    expect(close).not.toHaveBeenCalled()
  })

  it('recognises a job the core reports as cancelled, and says so', async () => {
    const core = held<string | null>()
    const calls = fakeCore({
      save_batch_pdf: () => core.promise,
      cancel_batch: () => {
        core.fail({ code: 'cancelled', message: '已取消', fields: null })
        return null
      },
    })
    const { cancelling, run, cancel } = job()
    const outcome = run('save_batch_pdf', { workerIds: [7], purpose: '年度核查' })
    await flushPromises()
    const stopping = cancel()
    expect(cancelling.value).toBe(true)
    await stopping
    expect(await outcome).toBeUndefined()
    expect(calls.map((c) => c.name)).toEqual(['save_batch_pdf', 'cancel_batch'])
    expect(cancelling.value).toBe(false)
    expect(close).toHaveBeenCalledTimes(1)
    expect(told()).toEqual([expect.objectContaining({ type: 'info', message: '已取消导出，未保存文件' })])
  })

  it('recognises a stopped job that answers with nothing', async () => {
    const core = held<ExportSummary | null>()
    fakeCore({
      export_records: () => core.promise,
      cancel_batch: () => {
        core.answer(null)
        return null
      },
    })
    const { run, cancel } = job()
    const outcome = run('export_records', {
      query: toRosterQuery(DEFAULT_FILTERS),
      format: 'xlsx',
      withCodes: false,
      unmasked: false,
      purpose: '',
    })
    await flushPromises()
    await cancel()
    expect(await outcome).toBeUndefined()
    expect(close).toHaveBeenCalledTimes(1)
    expect(told()).toEqual([expect.objectContaining({ type: 'info', message: '已取消导出，未保存文件' })])
  })

  it('leaves "nothing" without a cancel to the caller (the save dialog was closed)', async () => {
    fakeCore({ save_batch_pdf: () => null })
    expect(await job().run('save_batch_pdf', { workerIds: [7], purpose: '年度核查' })).toBeNull()
    expect(close).not.toHaveBeenCalled()
    expect(message).not.toHaveBeenCalled()
  })

  it('shows a failure, even one worded like a cancellation when nobody cancelled', async () => {
    fakeCore({
      save_batch_pdf: () => {
        throw { code: 'conflict', message: '已取消', fields: null }
      },
    })
    const { running, run } = job()
    expect(await run('save_batch_pdf', { workerIds: [7], purpose: '年度核查' })).toBeUndefined()
    expect(running.value).toBe(false)
    expect(close).not.toHaveBeenCalled()
    expect(told()).toEqual([expect.objectContaining({ type: 'error', message: '已取消' })])
  })

  it('shows a failure that comes after 取消, and stays open', async () => {
    const core = held<string | null>()
    fakeCore({
      save_batch_pdf: () => core.promise,
      cancel_batch: () => {
        core.fail({ code: 'database', message: '数据库错误，请稍后重试', fields: null })
        return null
      },
    })
    const { run, cancel } = job()
    const outcome = run('save_batch_pdf', { workerIds: [7], purpose: '年度核查' })
    await flushPromises()
    await cancel()
    expect(await outcome).toBeUndefined()
    expect(close).not.toHaveBeenCalled()
    expect(told()).toEqual([expect.objectContaining({ type: 'error', message: '数据库错误，请稍后重试' })])
  })

  it('puts a failure’s field errors beside their fields', async () => {
    fakeCore({
      export_records: () => {
        throw { code: 'validation', message: '输入有误', fields: [{ field: 'purpose', message: '请填写用途' }] }
      },
    })
    const errors = { purpose: '' }
    const { run } = job(errors)
    await run('export_records', { query: toRosterQuery(DEFAULT_FILTERS), format: 'csv', withCodes: false, unmasked: true, purpose: '' })
    expect(errors.purpose).toBe('请填写用途')
    expect(message).not.toHaveBeenCalled()
  })

  it('closes on 取消 while no job runs, asking nothing of the core', async () => {
    const calls = fakeCore({})
    await job().cancel()
    expect(calls).toEqual([])
    expect(close).toHaveBeenCalledTimes(1)
  })
})
