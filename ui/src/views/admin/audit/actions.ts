/** The actions the core writes to the 操作日志 (audit.rs, ACTIONS), in Chinese; the filter offers these. */
export const ACTIONS: { value: string; label: string; tag: 'primary' | 'success' | 'warning' | 'danger' | 'info' }[] = [
  { value: 'record.submit', label: '提交审核', tag: 'primary' },
  { value: 'application.approve', label: '审核通过', tag: 'success' },
  { value: 'application.reject', label: '审核退回', tag: 'warning' },
  { value: 'record.contact', label: '联系信息修改', tag: 'primary' },
  { value: 'record.enter', label: '代录入', tag: 'primary' },
  { value: 'record.freeze', label: '冻结', tag: 'danger' },
  { value: 'card.issue', label: '发放社工卡', tag: 'success' },
  { value: 'card.void', label: '社工卡作废', tag: 'danger' },
  { value: 'record.reveal', label: '查看完整信息', tag: 'info' },
  { value: 'record.export', label: '导出', tag: 'info' },
  { value: 'record.print', label: '打印', tag: 'info' },
]

/** Entries written outside the registry workflow (first administrator, backups). */
const OTHERS: Record<string, string> = {
  'account.create_admin': '创建管理员账号',
  'database.backup': '备份数据库',
}

export function actionOf(value: string) {
  return (
    ACTIONS.find((a) => a.value === value) ?? { value, label: OTHERS[value] ?? value, tag: 'info' as const }
  )
}
