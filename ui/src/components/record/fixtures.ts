// Test data for specs of the record pages: the code tables as the core seeds them (shortened
// where a spec needs no more) and a record view to start from.
import type { CodeTables, Hub, HubAction, HubKey, RecordView } from '@/api/generated/bindings'
import { emptyRecordForm } from './fields'

export function codeTables(): CodeTables {
  return {
    sex: [
      { code: '1', label: '男' },
      { code: '2', label: '女' },
    ],
    ethnicity: [
      { code: '01', label: '汉族' },
      { code: '02', label: '蒙古族' },
      { code: '03', label: '回族' },
    ],
    political: [
      { code: '01', label: '中国共产党党员' },
      { code: '13', label: '群众' },
    ],
    education: [
      { code: '21', label: '大学本科' },
      { code: '31', label: '大学专科' },
    ],
    marital: [
      { code: '10', label: '未婚' },
      { code: '20', label: '已婚' },
    ],
    district: [
      { code: '350203', label: '思明区' },
      { code: '350206', label: '湖里区' },
      { code: '350200', label: '市本级' },
    ],
    position: [
      { code: '1', label: '一线社工' },
      { code: '2', label: '行政人员' },
      { code: '3', label: '其他' },
    ],
    title: [
      {
        code: '1',
        label: '助理社会工作师',
        subjects: [
          { subject: 'zh1', label: '社会工作综合能力（初级）' },
          { subject: 'sw1', label: '社会工作实务（初级）' },
        ],
      },
      {
        code: '2',
        label: '社会工作师',
        subjects: [
          { subject: 'zh2', label: '社会工作综合能力（中级）' },
          { subject: 'sw2', label: '社会工作实务（中级）' },
          { subject: 'fg2', label: '社会工作法规与政策' },
        ],
      },
      { code: '3', label: '高级社会工作师', subjects: [{ subject: 'sw3', label: '社会工作实务（高级）' }] },
    ],
    field: ['民政', '教育', '司法', '社区', '残疾', '禁毒', '卫生', '青少年', '计生', '信访', '劳务工', '少数民族', '军队', '综治', '妇女', '老年人', '其它'].map(
      (label, i) => ({ code: String(i + 1).padStart(2, '0'), label }),
    ),
  }
}

/** A worker's record before the first submission, prefilled as the core does from the account. */
export function recordView(extra: Partial<RecordView> = {}): RecordView {
  return {
    workerId: 7,
    status: 'unregistered',
    expired: false,
    registrationNo: null,
    validFrom: null,
    validUntil: null,
    kind: 'initial',
    form: {
      ...emptyRecordForm(),
      name: '张三',
      idNumber: '350203199001011234',
      birthDate: '1990-01-01',
      sex: '1',
      contact: { address: '', postcode: '', mobile: '13800138000', officePhone: '', email: 'zhang@example.cn', qq: '' },
    },
    photo: null,
    application: null,
    editable: true,
    lockedReason: null,
    enteredBy: null,
    enteredAt: null,
    ...extra,
  }
}

const HUB_KEYS: HubKey[] = [
  'register',
  'modify',
  'modification_request',
  'print',
  'contact',
  'renewal',
  'restoration',
  'card_replacement',
  'renewal_list',
  'restoration_list',
  'approval_list',
  'password',
]

/** A hub where every function is open except those given with their reasons. */
export function hub(closed: Partial<Record<HubKey, string>> = {}, extra: Partial<Hub> = {}): Hub {
  const actions: HubAction[] = HUB_KEYS.map((key) =>
    key in closed ? { key, available: false, reason: closed[key] ?? null } : { key, available: true, reason: null },
  )
  return {
    workerId: 7,
    status: 'unregistered',
    expired: false,
    waiting: [],
    registrationNo: null,
    validUntil: null,
    cardNo: null,
    cardSerial: null,
    actions,
    ...extra,
  }
}
