// Test data for the staff and admin pages' specs: code tables, queue rows, records, applications.
import type {
  ApplicationDetail,
  CodeTables,
  FieldChange,
  QueueCounts,
  QueueRow,
  RecordForm,
} from '@/api/generated/bindings'
import { emptyRecordForm } from '@/components/record/fields'
import { fakeCore, type FakeCore } from '@/testing'

export const CODES: CodeTables = {
  sex: [
    { code: '1', label: '男' },
    { code: '2', label: '女' },
  ],
  ethnicity: [
    { code: '01', label: '汉族' },
    { code: '02', label: '蒙古族' },
  ],
  political: [
    { code: '01', label: '中共党员' },
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
    { code: '3', label: '高级社会工作师', subjects: [{ subject: 'sw3', label: '社会工作实务（高级）' }] },
  ],
  field: [
    { code: '01', label: '民政' },
    { code: '04', label: '社区' },
    { code: '08', label: '青少年' },
  ],
}

export const COUNTS: QueueCounts = {
  total: 5,
  byKind: [
    { kind: 'initial', count: 3 },
    { kind: 'modification_request', count: 0 },
    { kind: 'modification', count: 1 },
    { kind: 'renewal', count: 1 },
    { kind: 'restoration', count: 0 },
    { kind: 'card_replacement', count: 0 },
  ],
}

export function queueRow(id: number, extra: Partial<QueueRow> = {}): QueueRow {
  return {
    id,
    kind: 'initial',
    status: 'submitted',
    workerId: id + 100,
    name: '张三',
    idNumber: '350203********1234',
    mobile: '138****8000',
    district: '350203',
    title: '3',
    employer: '厦门市思明区阳光社会工作服务中心',
    submittedAt: '2026-12-01T08:30:00Z',
    decidedAt: null,
    enteredBy: null,
    level: null,
    ...extra,
  }
}

/** A complete record as a worker would submit it. */
export function record(extra: Partial<RecordForm> = {}): RecordForm {
  return {
    ...emptyRecordForm(),
    name: '张三',
    sex: '1',
    idNumber: '350203199001011234',
    birthDate: '1990-01-01',
    ethnicity: '01',
    xiamenHukou: true,
    nativePlace: '福建厦门',
    marital: '20',
    political: '13',
    education: '21',
    school: '厦门大学',
    major: '社会工作',
    graduationDate: '2012-07-01',
    workStartDate: '2012-08-01',
    photoId: 7,
    contact: {
      address: '厦门市思明区湖滨南路1号',
      postcode: '361000',
      mobile: '13800138000',
      officePhone: '',
      email: 'zhang@example.cn',
      qq: '',
    },
    fullTime: true,
    serviceStartDate: '2012-08-01',
    position: '1',
    district: '350203',
    employer: '厦门市思明区阳光社会工作服务中心',
    title: '1',
    titleCertNo: 'ZS2015001',
    titleDate: '2015-06-20',
    titleScores: { zh1: '78', sw1: '82' },
    fields: ['01', '04'],
    experience: '社区社会工作服务十年。',
    ...extra,
  }
}

export function detail(extra: Partial<ApplicationDetail> = {}): ApplicationDetail {
  return {
    info: {
      id: 12,
      kind: 'initial',
      status: 'submitted',
      reason: null,
      createdAt: '2026-12-01T08:00:00Z',
      submittedAt: '2026-12-01T08:30:00Z',
      decidedAt: null,
      decisionComment: null,
    },
    workerId: 112,
    status: 'unregistered',
    expired: false,
    registrationNo: null,
    validUntil: null,
    form: record(),
    current: emptyRecordForm(),
    photo: 'data:image/jpeg;base64,AAAA',
    currentPhoto: null,
    changes: [],
    cardNo: null,
    cardSerial: null,
    level: null,
    reviews: [],
    cannotApprove: null,
    cannotReject: null,
    ...extra,
  }
}

export function change(field: string, label: string, before: string, after: string): FieldChange {
  return { field, label, before, after }
}

/** A fake core with what every staff page around the layout asks, plus `handlers`. */
export function staffCore(handlers: FakeCore = {}) {
  return fakeCore({
    account_queue: () => ({ items: [], total: 0 }),
    pending_account_count: () => 0,
    queue_counts: () => COUNTS,
    code_tables: () => CODES,
    review_context: () => ({ twoLevel: false, scope: null, scopeLabel: '全市', decides: null }),
    ...handlers,
  })
}
