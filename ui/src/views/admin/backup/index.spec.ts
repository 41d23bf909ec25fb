import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { BackupFileCheck, BackupOverview, BackupRun, BackupSettings } from '@/api/generated/bindings'
import { useSessionStore } from '@/stores/session'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  hasTestId,
  mountAt,
  session,
  settle,
  toasts,
  typeInto,
} from '@/testing'
import { staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const SETTINGS: BackupSettings = { autoEnabled: true, folder: '', keepDaily: 7, keepMonthly: 12 }
const RUN: BackupRun = {
  id: 1,
  kind: 'auto',
  startedAt: '2026-12-01T02:00:00Z',
  finishedAt: '2026-12-01T02:00:01Z',
  path: '/data/backups/auto/swreg-auto-20261201.sqlite3',
  bytes: 2048,
  ok: true,
  message: null,
  auditHash: 'ab'.repeat(32),
}
const FAILED: BackupRun = { ...RUN, id: 2, kind: 'manual', ok: false, bytes: null, auditHash: null, message: '无法写入文件 /x：磁盘已满' }

function overview(extra: Partial<BackupOverview> = {}): BackupOverview {
  return {
    settings: SETTINGS,
    folderInUse: '/data/backups/auto',
    defaultFolder: '/data/backups/auto',
    runs: [],
    alert: null,
    ...extra,
  }
}

const CHECK: BackupFileCheck = {
  path: '/tmp/备份.sqlite3',
  check: {
    schemaVersion: 14,
    workers: 12,
    accounts: 5,
    fileTime: '2026-12-01T03:00:00Z',
    lastChangeAt: '2026-12-01T02:59:00Z',
  },
}

describe('数据备份', { timeout: 30_000 }, () => {
  it('backs up now with progress and shows the path, size, check and anchor; the run is listed', async () => {
    let runs: BackupRun[] = []
    staffCore({
      backup_overview: () => overview({ runs }),
      backup_now: (_args, _token, onProgress) => {
        onProgress?.onmessage({ done: 5, total: 10 })
        runs = [{ ...RUN, kind: 'manual', path: '/tmp/b.sqlite3' }]
        return { path: '/tmp/b.sqlite3', bytes: 4096, auditHash: 'cd'.repeat(32) }
      },
    })
    ;({ wrapper } = await mountAt('/admin/backup', { status: READY, session: session('admin') }))
    expect(byTestId('backup-runs').textContent).toContain('暂无备份记录')
    await clickTestId('backup-now')
    await settle()
    expect(byTestId('backup-result-path').textContent).toBe('/tmp/b.sqlite3')
    expect(byTestId('backup-result-size').textContent).toBe('4.0 KB')
    expect(byTestId('backup-result-check').textContent).toBe('通过')
    expect(byTestId('backup-result-anchor').textContent).toBe('cd'.repeat(32))
    expect(byTestId('backup-run-path').textContent).toBe('/tmp/b.sqlite3')
    expect(toasts()).toContain('备份完成')
  })

  it('lists runs with their result and shows the warning of a failed one', async () => {
    staffCore({ backup_overview: () => overview({ runs: [FAILED, RUN], alert: '自动备份失败（2026-12-01 10:00）：磁盘已满' }) })
    ;({ wrapper } = await mountAt('/admin/backup', { status: READY, session: session('admin') }))
    expect(byTestId('backup-alert').textContent).toContain('自动备份失败')
    const results = [...document.querySelectorAll('.el-table__body [data-testid="backup-run-result"]')].map((e) => e.textContent)
    expect(results).toEqual(['失败', '成功'])
    expect(byTestId('backup-runs').textContent).toContain('磁盘已满')
    expect(byTestId('backup-runs').textContent).toContain('自动')
  })

  it('saves the automatic backups settings and marks the core’s refusal beside the field', async () => {
    const saved: BackupSettings[] = []
    staffCore({
      backup_overview: () => overview(),
      save_backup_settings: (s) => {
        saved.push(s)
        if (s.folder === 'rel') {
          throw { code: 'validation', message: '输入有误', fields: [{ field: 'folder', message: '请填写完整的文件夹路径' }] }
        }
        return null
      },
    })
    ;({ wrapper } = await mountAt('/admin/backup', { status: READY, session: session('admin') }))
    await typeInto('backup-folder', 'rel')
    await clickTestId('backup-settings-save')
    await errorsShown()
    expect(errorBesideTestId('backup-folder')).toBe('请填写完整的文件夹路径')
    await typeInto('backup-folder', ' /mnt/备份 ')
    await typeInto('backup-keep-daily', '3')
    await clickTestId('backup-settings-save')
    expect(saved.at(-1)).toEqual({ autoEnabled: true, folder: '/mnt/备份', keepDaily: 3, keepMonthly: 12 })
    expect(toasts()).toContain('自动备份设置已保存')
  })

  it('shows the checks of a chosen backup, asks what will happen, restores and sends everyone to log in', async () => {
    let restored = 0
    const calls = staffCore({
      backup_overview: () => overview(),
      choose_backup: () => CHECK,
      restore_backup: () => {
        restored += 1
        return { restoredFrom: CHECK.path, previousSavedAs: '/data/backups/swreg-before-restore.sqlite3', backup: CHECK.check }
      },
      new_captcha: () => ({ id: 'c1', image: '' }),
    })
    const mounted = await mountAt('/admin/backup', { status: READY, session: session('admin') })
    wrapper = mounted.wrapper
    expect(hasTestId('restore-check')).toBe(false)
    await clickTestId('restore-choose')
    expect(byTestId('restore-check-path').textContent).toBe('/tmp/备份.sqlite3')
    expect(byTestId('restore-check-workers').textContent).toBe('12')
    expect(byTestId('restore-check-accounts').textContent).toBe('5')
    expect(byTestId('restore-check-last-change').textContent).toBe('2026-12-01 10:59:00')
    expect(calls.filter((c) => c.name === 'restore_backup')).toEqual([])

    await clickTestId('restore-start')
    const message = byTestId('confirm-message').textContent ?? ''
    expect(message).toContain('/tmp/备份.sqlite3')
    expect(message).toContain('社工记录 12 条')
    expect(message).toContain('当前数据库会先自动另存')
    expect(message).toContain('所有用户（包括您）都需要重新登录')
    // 取消 touches nothing.
    await clickTestId('confirm-cancel')
    expect(restored).toBe(0)

    await clickTestId('restore-start')
    await clickTestId('confirm-ok')
    await settle()
    // The login page is a lazy route.
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
    expect(restored).toBe(1)
    expect(useSessionStore().loggedIn).toBe(false)
    expect(mounted.router.currentRoute.value.name).toBe('login')
    expect(toasts()).toContain('数据已从备份恢复，请重新登录')
  })

  it('shows the core’s refusal of a chosen file and offers no restore', async () => {
    staffCore({
      backup_overview: () => overview(),
      choose_backup: () => {
        throw { code: 'conflict', message: '该文件不是本系统的数据库：/tmp/x', fields: null }
      },
    })
    ;({ wrapper } = await mountAt('/admin/backup', { status: READY, session: session('admin') }))
    await clickTestId('restore-choose')
    expect(toasts()).toContain('该文件不是本系统的数据库：/tmp/x')
    expect(hasTestId('restore-start')).toBe(false)
  })
})

describe('首页 backup warning', { timeout: 30_000 }, () => {
  it('tells an admin about a failed or missed automatic backup, with a link to the page', async () => {
    staffCore({ backup_alert: () => '已超过26小时没有成功的自动备份', backup_overview: () => overview() })
    const mounted = await mountAt('/', { status: READY, session: session('admin') })
    wrapper = mounted.wrapper
    expect(byTestId('home-backup-alert-text').textContent).toBe('已超过26小时没有成功的自动备份')
    await clickTestId('home-backup-link')
    await settle()
    expect(mounted.router.currentRoute.value.name).toBe('admin-backup')
  })

  it('says nothing when backups are fine, and never asks for a reviewer', async () => {
    const calls = staffCore({ backup_alert: () => null })
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('admin') }))
    expect(hasTestId('home-backup-alert')).toBe(false)
    wrapper.unmount()
    calls.length = 0
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('reviewer') }))
    expect(calls.map((c) => c.name)).not.toContain('backup_alert')
  })
})
