/** The outcomes the core writes to the login log (accounts.rs, Outcome), in Chinese. */
export const OUTCOMES: { value: string; label: string; tag: 'success' | 'warning' | 'danger' | 'info' }[] = [
  { value: 'success', label: '成功', tag: 'success' },
  { value: 'wrong_password', label: '密码错误', tag: 'danger' },
  { value: 'wrong_captcha', label: '验证码错误', tag: 'warning' },
  { value: 'locked', label: '已锁定', tag: 'danger' },
  { value: 'pending', label: '待审核', tag: 'info' },
  { value: 'rejected', label: '未通过', tag: 'warning' },
  { value: 'disabled', label: '已停用', tag: 'info' },
  { value: 'expired', label: '临时密码过期', tag: 'warning' },
  { value: 'outside_network', label: '不在工作人员网络', tag: 'danger' },
]

export function outcomeOf(value: string) {
  return OUTCOMES.find((o) => o.value === value) ?? { value, label: value, tag: 'info' as const }
}
