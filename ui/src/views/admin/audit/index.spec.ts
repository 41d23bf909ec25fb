import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AuditQuery, AuditRow } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, hasTestId, mountAt, session, settle, typeInto } from '@/testing'
import { record, staffCore } from '@/views/staff/fixtures'
import { ACTIONS, actionOf } from './actions'
import { auditValue } from './values'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const CONTACT_BEFORE = { address: '厦门市思明区湖滨南路1号', postcode: '361000', mobile: '13800138000', officePhone: '', email: 'a@b.cn', qq: '' }
const ROWS: AuditRow[] = [
  {
    id: 3,
    at: '2026-12-01T08:30:00Z',
    actor: '张三（zhang01）',
    action: 'record.contact',
    worker: '张三',
    applicationId: null,
    before: JSON.stringify(CONTACT_BEFORE),
    after: JSON.stringify({ ...CONTACT_BEFORE, mobile: '13900139000' }),
    note: null,
  },
  {
    id: 2,
    at: '2026-11-30T16:00:00Z',
    actor: '王管理（admin01）',
    action: 'record.freeze',
    worker: '李四',
    applicationId: null,
    before: 'registered',
    after: 'frozen',
    note: '超过有效期未续期',
  },
  {
    id: 1,
    at: '2026-11-29T02:00:00Z',
    actor: '李审核（reviewer01）',
    action: 'application.approve',
    worker: '王五',
    applicationId: 8,
    before: JSON.stringify(record()),
    after: JSON.stringify(record({ employer: '厦门市湖里区彩虹社工服务社' })),
    note: '信息修改',
  },
]

function core(rows: AuditRow[] = ROWS) {
  const queries: AuditQuery[] = []
  staffCore({ audit_log: (q) => (queries.push(q), { items: rows, total: 42 }) })
  return queries
}

describe('操作日志', { timeout: 30_000 }, () => {
  it('lists entries in China time with the action in Chinese, and pages', async () => {
    const queries = core()
    ;({ wrapper } = await mountAt('/admin/audit', { status: READY, session: session('admin') }))
    expect(queries[0]).toEqual({ person: '', action: null, from: '', to: '', page: 1, pageSize: 20 })
    expect(byTestId('audit-row-3').textContent).toBe('2026-12-01 16:30:00')
    expect(byTestId('audit-row-2').textContent).toBe('2026-12-01 00:00:00')
    const rows = wrapper.findAll('.el-table__body-wrapper tr.el-table__row')
    expect(rows[0].text()).toContain('联系信息修改')
    expect(rows[0].text()).toContain('张三（zhang01）')
    expect(rows[1].text()).toContain('冻结')
    expect(rows[1].text()).toContain('超过有效期未续期')
    expect(rows[2].text()).toContain('审核通过')
    expect(wrapper.text()).toContain('共 42 条')
    wrapper.findAll('.el-pager li')[1].element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(queries[queries.length - 1]).toMatchObject({ page: 2 })
  })

  it('sends the person and the action', async () => {
    const queries = core()
    ;({ wrapper } = await mountAt('/admin/audit', { status: READY, session: session('admin') }))
    await typeInto('audit-person', ' 张三 ')
    await clickTestId('audit-search')
    expect(queries[queries.length - 1]).toEqual({ person: '张三', action: null, from: '', to: '', page: 1, pageSize: 20 })
    await clickTestId('audit-action-record-freeze')
    expect(queries[queries.length - 1]).toMatchObject({ person: '张三', action: 'record.freeze', page: 1 })
  })

  it('opens a row to show 修改前 and 修改后 as labelled lines', async () => {
    core()
    ;({ wrapper } = await mountAt('/admin/audit', { status: READY, session: session('admin') }))
    await clickTestId('audit-row-3')
    const before = byTestId('audit-before-3').textContent!
    const after = byTestId('audit-after-3')
    expect(before).toContain('通讯地址：厦门市思明区湖滨南路1号')
    expect(before).toContain('邮编：361000')
    expect(before).toContain('办公电话：（空）')
    expect(after.textContent).toContain('手机号码：13900139000')
    expect(after.querySelector('.changed')?.textContent).toBe('手机号码：13900139000')
    expect(before).not.toContain('officePhone')

    await clickTestId('audit-row-2')
    expect(byTestId('audit-before-2').textContent).toContain('已登记')
    expect(byTestId('audit-after-2').textContent).toContain('已冻结')

    await clickTestId('audit-row-1')
    const record = byTestId('audit-after-1')
    expect(record.textContent).toContain('所在区：思明区')
    expect(record.textContent).toContain('执业领域：民政、社区')
    expect(record.querySelector('.changed')?.textContent).toBe('目前所在单位：厦门市湖里区彩虹社工服务社')
    expect(hasTestId('audit-detail-1')).toBe(true)
  })

  it('names every action the core writes', () => {
    expect(ACTIONS.map((a) => [a.value, a.label])).toEqual([
      ['record.submit', '提交审核'],
      ['application.first_approve', '初审通过'],
      ['application.approve', '审核通过'],
      ['application.reject', '审核退回'],
      ['record.contact', '联系信息修改'],
      ['record.enter', '代录入'],
      ['record.freeze', '冻结'],
      ['card.issue', '发放社工卡'],
      ['card.void', '社工卡作废'],
      ['record.reveal', '查看完整信息'],
      ['record.export', '导出'],
      ['record.print', '打印'],
      ['account.create_admin', '创建管理员账号'],
      ['account.create', '创建员工账号'],
      ['account.approve', '账号审核通过'],
      ['account.reject', '账号审核退回'],
      ['account.disable', '停用账号'],
      ['account.enable', '启用账号'],
      ['account.reset_password', '重置密码'],
      ['settings.security', '修改安全设置'],
      ['settings.mail', '修改邮件设置'],
      ['settings.periods', '修改登记期限设置'],
      ['settings.backup', '修改自动备份设置'],
      ['database.backup', '备份数据库'],
      ['database.restore', '恢复数据库'],
      ['account.scope', '审核范围设置'],
      ['settings.review', '审核规则设置'],
      ['record.import', '导入'],
    ])
    expect(actionOf('database.backup').label).toBe('备份数据库')
    expect(actionOf('record.freeze').tag).toBe('danger')
  })

  it('reads a card as its number and serial, and a bare word as it came', () => {
    expect(auditValue('{"cardNo":"XM0001","serialNo":"SG2026000001"}', null)).toEqual({
      lines: [
        { key: 'cardNo', label: '社工卡号', value: 'XM0001' },
        { key: 'serialNo', label: '序列号', value: 'SG2026000001' },
      ],
    })
    expect(auditValue('SG2026000002', null)).toEqual({ text: 'SG2026000002' })
    expect(auditValue(null, null)).toBeNull()
  })

  it('says so when nothing was logged', async () => {
    core([])
    ;({ wrapper } = await mountAt('/admin/audit', { status: READY, session: session('admin') }))
    expect(byTestId('audit-empty').textContent).toContain('暂无操作记录')
  })

  it('checks the hash chain and says whether it holds, naming the first entry that does not', async () => {
    const answers = [
      { entries: 42, latestHash: 'ab'.repeat(32), firstBreak: null },
      { entries: 3, latestHash: null, firstBreak: { id: 2, at: '2026-11-30T16:00:00Z', reason: '该条记录的内容与其哈希值不符：记录被改动过' } },
    ]
    let calls = 0
    staffCore({ audit_log: () => ({ items: ROWS, total: 3 }), verify_audit: () => answers[calls++] })
    ;({ wrapper } = await mountAt('/admin/audit', { status: READY, session: session('admin') }))
    expect(hasTestId('audit-check-ok')).toBe(false)
    await clickTestId('audit-verify')
    expect(byTestId('audit-check-ok').textContent).toContain('操作日志完整：共 42 条记录')
    expect(byTestId('audit-check-hash').textContent).toBe('ab'.repeat(32))
    await clickTestId('audit-verify')
    expect(hasTestId('audit-check-ok')).toBe(false)
    const broken = byTestId('audit-check-broken').textContent!
    expect(broken).toContain('第一条对不上的是编号 2 的记录（2026-12-01 00:00:00）')
    expect(broken).toContain('记录被改动过')
  })
})
