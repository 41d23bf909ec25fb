import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ImportCheck } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, hasTestId, mountAt, session, settle, toasts } from '@/testing'
import { staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const CHECK: ImportCheck = {
  fileName: '旧名册.xlsx',
  sha256: 'ab'.repeat(32),
  hasPhotos: false,
  rows: 3,
  valid: 2,
  invalid: 1,
  registered: 1,
  withPhoto: 0,
  examples: 2,
  ignoredColumns: ['备注'],
  unmatchedPhotos: [],
  problems: [{ line: 4, name: '张伟伟', errors: '邮编：邮编应为6位数字' }],
}

describe('导入', { timeout: 30_000 }, () => {
  it('checks the file, lists the refused rows, asks, and imports only the valid ones with progress', async () => {
    const runs: unknown[] = []
    staffCore({
      may_import: () => true,
      choose_import_file: () => CHECK,
      run_import: (args, _token, onProgress) => {
        runs.push(args)
        onProgress?.onmessage({ done: 1, total: 2 })
        return { imported: 2, skipped: 1, fileName: '旧名册.xlsx', sha256: CHECK.sha256 }
      },
    })
    ;({ wrapper } = await mountAt('/staff/import', { status: READY, session: session('admin') }))
    expect(hasTestId('import-check')).toBe(false)
    await clickTestId('import-choose')
    await settle()
    expect(byTestId('import-valid').textContent).toBe('2')
    expect(byTestId('import-invalid').textContent).toBe('1')
    expect(byTestId('import-problem-4').textContent).toBe('邮编：邮编应为6位数字')
    expect(byTestId('import-check').textContent).toContain('未识别的列（已忽略）：备注')
    expect(byTestId('import-run').textContent).toContain('只导入通过检查的 2 行')

    await clickTestId('import-run')
    expect(byTestId('confirm-message').textContent).toContain('另有 1 行未通过检查，不会导入')
    await clickTestId('confirm-cancel')
    expect(runs).toEqual([])
    await clickTestId('import-run')
    await clickTestId('confirm-ok')
    await settle()
    expect(runs).toEqual([{ skipInvalid: true }])
    expect(byTestId('import-done').textContent).toContain('已导入 2 条记录，1 行未导入')
    expect(toasts()).toContain('已导入 2 条记录')
  })

  it('tells a reviewer without the setting that only admins import', async () => {
    staffCore({ may_import: () => false })
    ;({ wrapper } = await mountAt('/staff/import', { status: READY, session: session('reviewer') }))
    await settle()
    expect(byTestId('import-forbidden').textContent).toContain('默认仅管理员可以导入')
    expect(hasTestId('import-choose')).toBe(false)
  })
})
