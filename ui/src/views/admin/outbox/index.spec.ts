import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { OutboxEntry } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, fakeCore, mountAt, session } from '@/testing'
import { formatSize } from './size'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const OLD: OutboxEntry = {
  fileName: '20261201-080000-aaaaaa.eml',
  to: '张三 <zhang@example.cn>',
  subject: '社会工作者登记管理系统：账号审核结果',
  date: '2026-12-01T00:00:00Z',
  size: 812,
}
const NEW: OutboxEntry = {
  fileName: '20261201-163000-bbbbbb.eml',
  to: 'li@example.cn',
  subject: '社会工作者登记管理系统：临时密码',
  date: '2026-12-01T08:30:00Z',
  size: 2048,
}

describe('发件箱', () => {
  it('lists mail newest first and opens one', async () => {
    const calls = fakeCore({
      account_queue: () => ({ items: [], total: 0 }),
      list_outbox: () => [OLD, NEW],
      read_outbox: (name) => `To: li@example.cn\n\n您的临时密码是：Abc123456789 (${name})`,
    })
    ;({ wrapper } = await mountAt('/admin/outbox', { status: READY, session: session('admin') }))
    const rows = wrapper.findAll('.el-table__body-wrapper tr')
    expect(rows[0].text()).toContain('2026-12-01 16:30:00')
    expect(rows[0].text()).toContain('临时密码')
    expect(rows[0].text()).toContain('2.0 KB')
    expect(rows[1].text()).toContain('2026-12-01 08:00:00')
    await clickTestId(`outbox-view-${NEW.fileName}`)
    expect(calls.find((c) => c.name === 'read_outbox')?.args).toBe(NEW.fileName)
    expect(byTestId('outbox-content').textContent).toContain('您的临时密码是：Abc123456789')
  })

  it('says what the empty outbox is for, and refreshes', async () => {
    let n = 0
    fakeCore({ account_queue: () => ({ items: [], total: 0 }), list_outbox: () => (n++ === 0 ? [] : [NEW]) })
    ;({ wrapper } = await mountAt('/admin/outbox', { status: READY, session: session('admin') }))
    expect(byTestId('outbox-empty').textContent).toBe('发件箱为空：未配置SMTP时，系统发出的邮件会保存在这里')
    await clickTestId('outbox-refresh')
    expect(wrapper.text()).toContain('li@example.cn')
  })

  it('sizes files for people', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})
