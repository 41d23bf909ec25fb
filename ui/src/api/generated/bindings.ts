// Generated from the Rust types by `scripts/bindings.sh`; do not edit by hand.
// CI fails when this file differs from what the Rust code generates.

export type ErrorCode = "validation" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "captcha" | "login_failed" | "locked" | "account_pending" | "account_rejected" | "account_disabled" | "must_change_password" | "database" | "internal" | "cancelled" | "file" | "bad_request" | "rate_limited" | "unsupported";

export type FieldError = { field: string, message: string, };

export type ApiError = { code: ErrorCode, message: string, fields: Array<FieldError> | null, };

export type Role = "worker" | "reviewer" | "admin";

export type AppStatus = { 
/**
 * No admin account exists yet: the app shows the setup page.
 */
needsSetup: boolean, version: string, dataDir: string, };

export type SetupAdminArgs = { username: string, displayName: string, password: string, passwordConfirm: string, };

export type Captcha = { id: string, image: string, };

export type PasswordRules = { letters: boolean, digits: boolean, symbols: boolean, };

export type LoginArgs = { username: string, password: string, captchaId: string, captchaAnswer: string, };

export type UserInfo = { id: number, username: string, displayName: string, role: Role, mustChangePassword: boolean, 
/**
 * Why the change is forced: the password outlived 密码有效期 (`true`), or a temporary
 * password from a reset or 找回密码 is in use (`false`). The page words its request by it.
 */
passwordExpired: boolean, };

export type Session = { token: string, user: UserInfo, 
/**
 * Minutes without activity after which the session ends.
 */
idleMinutes: number, };

export type Page<T> = { items: Array<T>, 
/**
 * Rows matching the filter on all pages.
 */
total: number, };

export type RegisterArgs = { username: string, password: string, passwordConfirm: string, displayName: string, idNumber: string, phone: string, email: string, captchaId: string, captchaAnswer: string, };

export type RecoverArgs = { username: string, email: string, };

export type ChangePasswordArgs = { oldPassword: string, newPassword: string, newPasswordConfirm: string, };

export type AccountStatus = "pending" | "active" | "rejected" | "disabled";

export type AccountQuery = { status: AccountStatus | null, role: Role | null, 
/**
 * Matches 账号, 姓名, 手机号码, 电子邮箱 or 身份证号码.
 */
search: string, page: number, pageSize: number, };

export type AccountRow = { id: number, username: string, displayName: string, role: Role, status: AccountStatus, idNumber: string, phone: string, email: string, createdAt: string, reviewComment: string | null, reviewedAt: string | null, lastLoginAt: string | null, mustChangePassword: boolean, 
/**
 * 审核范围 of a staff account: a district code, or none for the city.
 */
reviewScope: string | null, };

export type ReviewAccountArgs = { userId: number, approve: boolean, 
/**
 * 审核意见; required to reject.
 */
comment: string, };

export type Handover = "show" | "mail";

export type TempPassword = { password: string | null, mailedTo: string | null, };

export type CreateStaffArgs = { username: string, displayName: string, role: Role, email: string, handover: Handover, };

export type SetEnabledArgs = { userId: number, enabled: boolean, };

export type ResetPasswordArgs = { userId: number, handover: Handover, };

export type SecuritySettings = { maxFailedLogins: number, lockWindowMinutes: number, lockMinutes: number, sessionIdleMinutes: number, 
/**
 * Hours after login at which a session ends however busy.
 */
sessionMaxHours: number, 
/**
 * 密码有效期 in days; 0 for never.
 */
passwordMaxAgeDays: number, 
/**
 * How many of the latest passwords a new one may not repeat; 0 for only the current one.
 */
passwordHistory: number, 
/**
 * Character classes a password must contain.
 */
passwordLetters: boolean, passwordDigits: boolean, passwordSymbols: boolean, 
/**
 * 批量打印 for admins only (else reviewers too).
 */
batchPrintAdminsOnly: boolean, 
/**
 * 导入 by reviewers as well as admins (off: admins only).
 */
importByReviewers: boolean, 
/**
 * 工作人员登录网络: staff may log in and work only from these networks (CIDR or single
 * addresses) when the server knows the caller's address; empty for anywhere.
 */
staffNetworks: Array<string>, };

export type LoginLogQuery = { username: string, 
/**
 * One of the outcomes, or empty for all.
 */
outcome: string, 
/**
 * 'YYYY-MM-DD' bounds in China time, inclusive; empty for none.
 */
from: string, to: string, page: number, pageSize: number, };

export type LoginLogRow = { id: number, at: string, username: string, outcome: string, };

export type TlsMode = "none" | "start_tls" | "tls";

export type MailSettings = { host: string, port: number, tls: TlsMode, 
/**
 * Empty: no login (AUTH) at all.
 */
username: string, password: string, 
/**
 * The From of every message: `a@b.cn` or `姓名 <a@b.cn>`.
 */
sender: string, };

export type TestMailArgs = { to: string, };

export type MailResult = { sent: boolean, outboxFile: string | null, };

export type OutboxEntry = { 
/**
 * The name to open it by with [`read_outbox`].
 */
fileName: string, 
/**
 * The decoded To header, e.g. `张三 <a@b.cn>`.
 */
to: string, 
/**
 * The decoded subject.
 */
subject: string, 
/**
 * When it was written: RFC 3339 UTC (the Date header), or the header as found when it cannot
 * be read, or empty.
 */
date: string, 
/**
 * Size of the file in bytes.
 */
size: number, };

export type Code = { code: string, label: string, };

export type TitleSubject = { subject: string, label: string, };

export type Title = { code: string, label: string, subjects: Array<TitleSubject>, };

export type CodeTables = { sex: Array<Code>, ethnicity: Array<Code>, political: Array<Code>, education: Array<Code>, marital: Array<Code>, district: Array<Code>, position: Array<Code>, title: Array<Title>, field: Array<Code>, };

export type Kind = "initial" | "modification_request" | "modification" | "renewal" | "restoration" | "card_replacement";

export type KindInfo = { kind: Kind, label: string, carriesRecord: boolean, };

export type Status = "draft" | "submitted" | "approved" | "rejected";

export type RecordStatus = "unregistered" | "registered" | "frozen";

export type Contact = { address: string, postcode: string, mobile: string, officePhone: string, email: string, qq: string, };

export type RecordForm = { name: string, sex: string, idNumber: string, birthDate: string, ethnicity: string, xiamenHukou: boolean | null, nativePlace: string, marital: string, political: string, education: string, school: string, major: string, graduationDate: string, workStartDate: string, photoId: number | null, contact: Contact, fullTime: boolean | null, serviceStartDate: string, position: string, district: string, employer: string, title: string, titleCertNo: string, titleDate: string, titleScores: { [key in string]: string }, fields: Array<string>, experience: string, };

export type RecordFieldKey = "name" | "sex" | "idNumber" | "birthDate" | "ethnicity" | "xiamenHukou" | "nativePlace" | "marital" | "political" | "education" | "school" | "major" | "graduationDate" | "workStartDate" | "photo" | "address" | "postcode" | "mobile" | "officePhone" | "email" | "qq" | "fullTime" | "serviceStartDate" | "position" | "district" | "employer" | "title" | "titleCertNo" | "titleDate" | "titleScores" | "fields" | "experience";

export type RecordSection = "basic" | "contact" | "practice";

export type RecordFieldKind = "text" | "multiline" | "date" | "code" | "bool" | "codes" | "photo" | "scores";

export type RecordFieldRequired = "always" | "never" | "withTitle";

export type Target = { workerId: number | null, };

export type RecordQuery = { workerId: number | null, 
/**
 * One of the kinds that carry the form: initial, modification, renewal, restoration.
 */
kind: Kind, };

export type SaveRecordArgs = { workerId: number | null, kind: Kind, form: RecordForm, 
/**
 * false: 保存资料 (a draft); true: 提交审核 (checked in full).
 */
submit: boolean, };

export type ApplicationInfo = { id: number, kind: Kind, status: Status, reason: string | null, createdAt: string, submittedAt: string | null, decidedAt: string | null, decisionComment: string | null, };

export type RecordView = { workerId: number, status: RecordStatus, 
/**
 * 超期: registered and past the validity end (computed today).
 */
expired: boolean, registrationNo: string | null, validFrom: string | null, validUntil: string | null, kind: Kind, form: RecordForm, 
/**
 * The form's photo as a data URL.
 */
photo: string | null, 
/**
 * The latest application of this kind (its status, the reviewer's comment).
 */
application: ApplicationInfo | null, editable: boolean, 
/**
 * Why the form cannot be edited, when it cannot.
 */
lockedReason: string | null, 
/**
 * 代录入: who entered the record for the worker, and when.
 */
enteredBy: string | null, enteredAt: string | null, };

export type ContactArgs = { workerId: number | null, contact: Contact, };

export type RequestArgs = { workerId: number | null, 
/**
 * modification_request or card_replacement.
 */
kind: Kind, 
/**
 * 申请原因
 */
reason: string, };

export type HistoryQuery = { workerId: number | null, 
/**
 * Only these kinds; empty for all.
 */
kinds: Array<Kind>, approvedOnly: boolean, };

export type PhotoUpload = { photoId: number, dataUrl: string, };

export type HubKey = "password" | "register" | "modify" | "modification_request" | "print" | "contact" | "renewal" | "restoration" | "card_replacement" | "renewal_list" | "restoration_list" | "approval_list";

export type HubAction = { key: HubKey, available: boolean, reason: string | null, };

export type Hub = { workerId: number, status: RecordStatus, expired: boolean, 
/**
 * Applications submitted and waiting for review (登记状态 names them: 未登记 · 初次登记审核中).
 */
waiting: Array<Kind>, registrationNo: string | null, validUntil: string | null, cardNo: string | null, cardSerial: string | null, actions: Array<HubAction>, };

export type EnterWorkerArgs = { username: string, displayName: string, idNumber: string, phone: string, email: string, handover: Handover, };

export type EnteredWorker = { workerId: number, tempPassword: TempPassword, };

export type FindByIdNumberArgs = { idNumber: string, };

export type KnownWorker = { 
/**
 * The record in the register (登记名册's detail page); none while the account waits for review.
 */
workerId: number | null, name: string, username: string, status: RosterStatus | null, registrationNo: string | null, };

export type QueueSort = "submitted_asc" | "submitted_desc" | "name";

export type QueueQuery = { 
/**
 * One kind, or all (全部待审).
 */
kind: Kind | null, 
/**
 * Submitted (待审核) unless another status is asked for.
 */
status: Status | null, district: string, title: string, 
/**
 * Submission dates, `YYYY-MM-DD`, inclusive.
 */
from: string, to: string, 
/**
 * 姓名, 身份证号码, 手机号码, 单位 or 登记证号, as the register searches: three characters
 * or more match anywhere; one or two match the start of a name.
 */
search: string, sort: QueueSort, 
/**
 * Under two-level review: only the applications waiting for this level.
 */
level?: ReviewLevel, 
/**
 * Under two-level review: only what the caller's scope decides (their district's 初审, or
 * the city's 终审). Absent or false: every application.
 */
mine?: boolean, page: number, pageSize: number, };

export type QueueRow = { id: number, kind: Kind, status: Status, workerId: number, name: string, idNumber: string, mobile: string, district: string, title: string, employer: string, submittedAt: string | null, decidedAt: string | null, enteredBy: string | null, 
/**
 * The level it waits for, under two-level review.
 */
level: ReviewLevel | null, };

export type KindCount = { kind: Kind, count: number, };

export type QueueCounts = { total: number, byKind: Array<KindCount>, };

export type FieldChange = { field: string, label: string, before: string, after: string, };

export type ApplicationDetail = { info: ApplicationInfo, workerId: number, status: RecordStatus, expired: boolean, registrationNo: string | null, validUntil: string | null, 
/**
 * The form as submitted (kinds that carry one).
 */
form: RecordForm | null, 
/**
 * The record as it stands.
 */
current: RecordForm, photo: string | null, currentPhoto: string | null, 
/**
 * Every field that differs between `current` and `form`.
 */
changes: Array<FieldChange>, cardNo: string | null, cardSerial: string | null, 
/**
 * The level it waits for, under two-level review.
 */
level: ReviewLevel | null, 
/**
 * The decisions taken on it: 初审 and the final one.
 */
reviews: Array<ReviewStep>, 
/**
 * Why the caller may not approve it (scope, 职责分离), or may not decide it at all.
 */
cannotApprove: string | null, cannotReject: string | null, };

export type DecideArgs = { applicationId: number, approve: boolean, 
/**
 * 审核意见; required to reject.
 */
comment: string, };

export type ReviewLevel = "first" | "final";

export type ReviewStep = { 
/**
 * None for a decision under one-level review.
 */
level: ReviewLevel | null, approved: boolean, by: string, at: string, comment: string | null, };

export type ReviewContext = { twoLevel: boolean, 
/**
 * The district code of the caller's scope; none for the city.
 */
scope: string | null, 
/**
 * 思明区, or 全市.
 */
scopeLabel: string, 
/**
 * The level the caller decides while two-level review is on.
 */
decides: ReviewLevel | null, };

export type ReviewSettings = { 
/**
 * 二级审核 (初审 → 终审).
 */
twoLevel: boolean, 
/**
 * 职责分离: the staff member who entered or edited an application cannot approve it.
 */
separationOfDuties: boolean, };

export type SetScopeArgs = { userId: number, 
/**
 * A district code, or none for the city.
 */
scope: string | null, };

export type FreezeArgs = { workerId: number, reason: string, };

export type FreezeManyArgs = { 
/**
 * The records of the preview list the admin confirmed.
 */
workerIds: Array<number>, reason: string, };

export type FreezeCandidate = { workerId: number, name: string, registrationNo: string | null, validUntil: string, daysOverdue: number, };

export type IssueCardArgs = { workerId: number, cardNo: string, };

export type CardStatus = "valid" | "void";

export type CardRow = { id: number, cardNo: string, serialNo: string, status: CardStatus, issuedAt: string, voidedAt: string | null, };

export type PeriodSettings = { fullTimeYears: number, otherYears: number, renewalOpenDays: number, graceDays: number, registrationPrefix: string, };

export type AuditAction = "record.submit" | "application.first_approve" | "application.approve" | "application.reject" | "record.contact" | "record.enter" | "record.freeze" | "card.issue" | "card.void" | "record.reveal" | "record.export" | "record.print" | "account.create_admin" | "account.create" | "account.approve" | "account.reject" | "account.disable" | "account.enable" | "account.reset_password" | "settings.security" | "settings.mail" | "settings.periods" | "settings.backup" | "database.backup" | "database.restore" | "account.scope" | "settings.review" | "record.import";

export type AuditActionInfo = { action: AuditAction, label: string, };

export type AuditQuery = { 
/**
 * Matches the actor's or the record's name or account.
 */
person: string, 
/**
 * Only this action; none for all.
 */
action: AuditAction | null, from: string, to: string, page: number, pageSize: number, };

export type AuditRow = { id: number, at: string, actor: string, action: AuditAction, worker: string, applicationId: number | null, before: string | null, after: string | null, note: string | null, };

export type AuditCheck = { 
/**
 * Entries checked.
 */
entries: number, 
/**
 * The newest entry's hash (the anchor to note down); none while the log is empty.
 */
latestHash: string | null, 
/**
 * The first entry that does not fit; none when the whole chain holds.
 */
firstBreak: AuditBreak | null, };

export type AuditBreak = { id: number, at: string, 
/**
 * What is wrong, for people.
 */
reason: string, };

export type AccessView = "record" | "application" | "detail" | "print" | "batch_print" | "reveal";

export type AccessViewInfo = { view: AccessView, label: string, };

export type AccessQuery = { 
/**
 * Matches the staff member's name or account.
 */
staff: string, 
/**
 * Matches the worker's name or account.
 */
worker: string, 
/**
 * Only this view; none for all.
 */
view: AccessView | null, from: string, to: string, page: number, pageSize: number, };

export type AccessRow = { id: number, at: string, 
/**
 * 查看人: 姓名（账号）.
 */
staff: string, 
/**
 * 社工: 姓名（账号）.
 */
worker: string, view: AccessView, applicationId: number | null, note: string | null, };

export type PdfDocument = { base64: string, pages: number, warnings: Array<string>, fileName: string, };

export type BatchPdfArgs = { workerIds: Array<number>, 
/**
 * 打印用途: required; noted with every worker in the 访问日志.
 */
purpose: string, };

export type Progress = { done: number, total: number, };

export type RosterStatus = "unregistered" | "registered" | "expired" | "frozen";

export type RosterSort = "updated" | "name" | "registration_no" | "valid_until";

export type RosterQuery = { status: RosterStatus | null, 
/**
 * 所在区 code; empty for all.
 */
district: string, 
/**
 * 职称 code, `none` for 无职称; empty for all.
 */
title: string, 
/**
 * 执业领域 code; empty for all.
 */
field: string, 
/**
 * 是否专职
 */
fullTime: boolean | null, 
/**
 * 是否厦户
 */
xiamenHukou: boolean | null, 
/**
 * 有效期至 between these days, `YYYY-MM-DD`, inclusive; empty for no bound.
 */
validFrom: string, validTo: string, 
/**
 * 姓名, 身份证号码, 手机号码, 单位 or 登记证号. Three characters or more match anywhere;
 * one or two match the start of a name.
 */
search: string, sort: RosterSort, page: number, pageSize: number, };

export type RosterRow = { workerId: number, name: string, 
/**
 * Codes: the page shows them through the code tables.
 */
sex: string, 
/**
 * Masked: 350203********1234.
 */
idNumber: string, 
/**
 * Masked: 138****5678.
 */
mobile: string, district: string, title: string, fields: Array<string>, employer: string, fullTime: boolean | null, xiamenHukou: boolean | null, status: RosterStatus, registrationNo: string | null, validFrom: string | null, validUntil: string | null, updatedAt: string, };

export type RevealField = "id_number" | "mobile";

export type RevealArgs = { workerId: number, field: RevealField, 
/**
 * 查看原因, written to the audit log.
 */
purpose: string, };

export type DetailApplication = { id: number, kind: Kind, status: Status, reason: string | null, createdAt: string, submittedAt: string | null, decidedAt: string | null, 
/**
 * The reviewer's name.
 */
decidedBy: string | null, decisionComment: string | null, 
/**
 * 代录入: the staff member who entered it.
 */
enteredBy: string | null, };

export type WorkerDetail = { workerId: number, username: string, status: RosterStatus, registrationNo: string | null, validFrom: string | null, validUntil: string | null, frozenReason: string | null, editingUnlocked: boolean, form: RecordForm, 
/**
 * The record's photo as a data URL.
 */
photo: string | null, enteredBy: string | null, enteredAt: string | null, createdAt: string, updatedAt: string, 
/**
 * Newest first.
 */
applications: Array<DetailApplication>, 
/**
 * The valid card first.
 */
cards: Array<CardRow>, };

export type ExportFormat = "xlsx" | "csv";

export type ExportArgs = { 
/**
 * The register's filter and sort (its page and page size are ignored).
 */
query: RosterQuery, format: ExportFormat, 
/**
 * Add the national code of each coded field in a column after its label.
 */
withCodes: boolean, 
/**
 * Full ID numbers and phones: admins only, with a purpose.
 */
unmasked: boolean, 
/**
 * 导出用途, written to the audit log; required for an unmasked export.
 */
purpose: string, };

export type ExportSummary = { rows: number, path: string, };

export type ImportProblem = { line: number, name: string, 
/**
 * 身份证号码：…；邮编：…
 */
errors: string, };

export type ImportCheck = { fileName: string, sha256: string, hasPhotos: boolean, 
/**
 * Rows read, the example rows and empty rows left out.
 */
rows: number, valid: number, invalid: number, 
/**
 * Valid rows that come in as 已登记 (with their 登记证号).
 */
registered: number, 
/**
 * Valid rows with a photo from the ZIP.
 */
withPhoto: number, 
/**
 * The template's example rows, skipped.
 */
examples: number, 
/**
 * Headers the import does not know, ignored.
 */
ignoredColumns: Array<string>, 
/**
 * Photos in the ZIP that no row's ID number names (at most 20).
 */
unmatchedPhotos: Array<string>, 
/**
 * The first refused rows (at most 100); the report has them all.
 */
problems: Array<ImportProblem>, };

export type ImportRunArgs = { skipInvalid: boolean, };

export type ImportSummary = { imported: number, 
/**
 * Refused rows left out (with 只导入通过检查的行).
 */
skipped: number, fileName: string, sha256: string, };

export type BackupKind = "manual" | "auto";

export type BackupRun = { id: number, kind: BackupKind, startedAt: string, finishedAt: string, path: string, bytes: number | null, 
/**
 * Written, and its `integrity_check` said ok.
 */
ok: boolean, 
/**
 * What went wrong; None when ok.
 */
message: string | null, 
/**
 * The newest audit-log hash the backup holds.
 */
auditHash: string | null, };

export type BackupSettings = { autoEnabled: boolean, 
/**
 * The folder; empty for the default (`backups/auto` in the data folder).
 */
folder: string, keepDaily: number, keepMonthly: number, };

export type BackupOverview = { settings: BackupSettings, 
/**
 * Where automatic backups go now (the setting, or the default).
 */
folderInUse: string, defaultFolder: string, 
/**
 * The latest runs, newest first.
 */
runs: Array<BackupRun>, 
/**
 * Set when the latest automatic backup failed or none succeeded lately.
 */
alert: string | null, };

export type BackupSummary = { path: string, bytes: number, 
/**
 * The hash of the newest audit entry in the backup: an anchor to compare the log against
 * later. None when the log is empty.
 */
auditHash: string | null, };

export type BackupCheck = { 
/**
 * The backup's schema version (the latest migration applied to it).
 */
schemaVersion: number, workers: number, accounts: number, 
/**
 * When the file was last written (its modification time), RFC 3339.
 */
fileTime: string | null, 
/**
 * The time of the newest entry of its audit log: the last change the backup holds.
 */
lastChangeAt: string | null, };

export type BackupFileCheck = { path: string, check: BackupCheck, };

export type RestoreSummary = { restoredFrom: string, 
/**
 * Where the database that was replaced was saved first.
 */
previousSavedAs: string, backup: BackupCheck, };

export type Count = { key: string, label: string, count: number, };

export type DueCount = { days: number, count: number, 
/**
 * The 有效期至 range that lists them in the register.
 */
validFrom: string, validTo: string, };

export type Stats = { today: string, 
/**
 * Records counted.
 */
total: number, byStatus: Array<Count>, byDistrict: Array<Count>, byTitle: Array<Count>, 
/**
 * A record counts once for each of its fields.
 */
byField: Array<Count>, bySex: Array<Count>, byAge: Array<Count>, byEducation: Array<Count>, 
/**
 * 30, 60 and 90 days; registered records only.
 */
due: Array<DueCount>, };

/** The record's sections, in order. */
export const RECORD_SECTIONS = [
  {"key":"basic","label":"基本信息"},
  {"key":"contact","label":"通讯信息"},
  {"key":"practice","label":"执业信息"},
] as const

/** The catalogue of the record's fields, in the form's order (the core's field catalogue). */
export const RECORD_FIELDS = [
  {"key":"name","path":"name","label":"姓名","column":"姓名","section":"basic","kind":"text","code":null,"required":"always","maxLength":50,"missing":"请填写姓名"},
  {"key":"sex","path":"sex","label":"性别","column":"性别","section":"basic","kind":"code","code":"sex","required":"always","maxLength":10,"missing":"请选择性别"},
  {"key":"idNumber","path":"idNumber","label":"身份证号码","column":"身份证号码","section":"basic","kind":"text","code":null,"required":"always","maxLength":30,"missing":"请填写身份证号码"},
  {"key":"birthDate","path":"birthDate","label":"出生日期","column":"出生日期","section":"basic","kind":"date","code":null,"required":"always","maxLength":10,"missing":"请选择出生日期"},
  {"key":"ethnicity","path":"ethnicity","label":"民族","column":"民族","section":"basic","kind":"code","code":"ethnicity","required":"always","maxLength":10,"missing":"请选择民族"},
  {"key":"xiamenHukou","path":"xiamenHukou","label":"是否厦户","column":"是否厦户","section":"basic","kind":"bool","code":null,"required":"always","maxLength":null,"missing":"请选择是否厦门户籍"},
  {"key":"nativePlace","path":"nativePlace","label":"籍贯","column":"籍贯","section":"basic","kind":"text","code":null,"required":"always","maxLength":50,"missing":"请填写籍贯"},
  {"key":"marital","path":"marital","label":"婚姻状态","column":"婚姻状态","section":"basic","kind":"code","code":"marital","required":"never","maxLength":10,"missing":null},
  {"key":"political","path":"political","label":"政治面貌","column":"政治面貌","section":"basic","kind":"code","code":"political","required":"always","maxLength":10,"missing":"请选择政治面貌"},
  {"key":"education","path":"education","label":"学历程度","column":"学历程度","section":"basic","kind":"code","code":"education","required":"always","maxLength":10,"missing":"请选择学历程度"},
  {"key":"school","path":"school","label":"毕业院校","column":"毕业院校","section":"basic","kind":"text","code":null,"required":"always","maxLength":50,"missing":"请填写毕业院校"},
  {"key":"major","path":"major","label":"所学专业","column":"所学专业","section":"basic","kind":"text","code":null,"required":"always","maxLength":50,"missing":"请填写所学专业"},
  {"key":"graduationDate","path":"graduationDate","label":"毕业时间","column":"毕业时间","section":"basic","kind":"date","code":null,"required":"always","maxLength":10,"missing":"请选择毕业时间"},
  {"key":"workStartDate","path":"workStartDate","label":"参加工作时间","column":"参加工作时间","section":"basic","kind":"date","code":null,"required":"always","maxLength":10,"missing":"请选择参加工作时间"},
  {"key":"photo","path":"photoId","label":"个人照片","column":"个人照片","section":"basic","kind":"photo","code":null,"required":"always","maxLength":null,"missing":"请上传个人照片"},
  {"key":"address","path":"contact.address","label":"通讯地址","column":"通讯地址","section":"contact","kind":"text","code":null,"required":"always","maxLength":100,"missing":"请填写通讯地址"},
  {"key":"postcode","path":"contact.postcode","label":"邮编","column":"邮编","section":"contact","kind":"text","code":null,"required":"always","maxLength":10,"missing":"请填写邮编"},
  {"key":"mobile","path":"contact.mobile","label":"手机号码","column":"手机号码","section":"contact","kind":"text","code":null,"required":"always","maxLength":20,"missing":"请填写手机号码"},
  {"key":"officePhone","path":"contact.officePhone","label":"办公电话","column":"办公电话","section":"contact","kind":"text","code":null,"required":"never","maxLength":30,"missing":null},
  {"key":"email","path":"contact.email","label":"电子邮箱","column":"电子邮箱","section":"contact","kind":"text","code":null,"required":"always","maxLength":254,"missing":"请填写电子邮箱"},
  {"key":"qq","path":"contact.qq","label":"QQ","column":"QQ","section":"contact","kind":"text","code":null,"required":"never","maxLength":15,"missing":null},
  {"key":"fullTime","path":"fullTime","label":"是否专职从事社会工作服务","column":"是否专职","section":"practice","kind":"bool","code":null,"required":"always","maxLength":null,"missing":"请选择是否专职从事社会工作服务"},
  {"key":"serviceStartDate","path":"serviceStartDate","label":"从事社会工作服务时间","column":"从事社会工作服务时间","section":"practice","kind":"date","code":null,"required":"always","maxLength":10,"missing":"请选择从事社会工作服务时间"},
  {"key":"position","path":"position","label":"职务","column":"职务","section":"practice","kind":"code","code":"position","required":"always","maxLength":10,"missing":"请选择职务"},
  {"key":"district","path":"district","label":"所在区","column":"所在区","section":"practice","kind":"code","code":"district","required":"always","maxLength":10,"missing":"请选择所在区"},
  {"key":"employer","path":"employer","label":"目前所在单位","column":"目前所在单位","section":"practice","kind":"text","code":null,"required":"always","maxLength":100,"missing":"请填写目前所在单位"},
  {"key":"title","path":"title","label":"职称","column":"职称","section":"practice","kind":"code","code":"title","required":"never","maxLength":10,"missing":null},
  {"key":"titleCertNo","path":"titleCertNo","label":"证书编号","column":"职称证书编号","section":"practice","kind":"text","code":null,"required":"withTitle","maxLength":30,"missing":"选择职称后须填写证书编号"},
  {"key":"titleDate","path":"titleDate","label":"取得时间","column":"职称取得时间","section":"practice","kind":"date","code":null,"required":"withTitle","maxLength":10,"missing":"选择职称后须填写取得时间"},
  {"key":"titleScores","path":"titleScores","label":"考试成绩","column":"考试成绩","section":"practice","kind":"scores","code":null,"required":"withTitle","maxLength":10,"missing":null},
  {"key":"fields","path":"fields","label":"执业领域","column":"执业领域","section":"practice","kind":"codes","code":"field","required":"always","maxLength":null,"missing":"请至少选择一个执业领域"},
  {"key":"experience","path":"experience","label":"从业经历与业绩","column":"从业经历与业绩","section":"practice","kind":"multiline","code":null,"required":"always","maxLength":2000,"missing":"请填写从业经历与业绩"},
] as const

/** The application kinds in the order of the review queues, with their words and properties. */
export const KINDS: readonly KindInfo[] = [
  {"kind":"initial","label":"初次登记","carriesRecord":true},
  {"kind":"modification_request","label":"信息修改申请","carriesRecord":false},
  {"kind":"modification","label":"信息修改","carriesRecord":true},
  {"kind":"renewal","label":"续期登记","carriesRecord":true},
  {"kind":"restoration","label":"恢复登记","carriesRecord":true},
  {"kind":"card_replacement","label":"社工卡补换","carriesRecord":false},
]

/** Every action the core writes to the 操作日志, with its label, in the order the filter offers them. */
export const AUDIT_ACTIONS: readonly AuditActionInfo[] = [
  {"action":"record.submit","label":"提交审核"},
  {"action":"application.first_approve","label":"初审通过"},
  {"action":"application.approve","label":"审核通过"},
  {"action":"application.reject","label":"审核退回"},
  {"action":"record.contact","label":"联系信息修改"},
  {"action":"record.enter","label":"代录入"},
  {"action":"record.freeze","label":"冻结"},
  {"action":"card.issue","label":"发放社工卡"},
  {"action":"card.void","label":"社工卡作废"},
  {"action":"record.reveal","label":"查看完整信息"},
  {"action":"record.export","label":"导出"},
  {"action":"record.print","label":"打印"},
  {"action":"account.create_admin","label":"创建管理员账号"},
  {"action":"account.create","label":"创建员工账号"},
  {"action":"account.approve","label":"账号审核通过"},
  {"action":"account.reject","label":"账号审核退回"},
  {"action":"account.disable","label":"停用账号"},
  {"action":"account.enable","label":"启用账号"},
  {"action":"account.reset_password","label":"重置密码"},
  {"action":"settings.security","label":"修改安全设置"},
  {"action":"settings.mail","label":"修改邮件设置"},
  {"action":"settings.periods","label":"修改登记期限设置"},
  {"action":"settings.backup","label":"修改自动备份设置"},
  {"action":"database.backup","label":"备份数据库"},
  {"action":"database.restore","label":"恢复数据库"},
  {"action":"account.scope","label":"审核范围设置"},
  {"action":"settings.review","label":"审核规则设置"},
  {"action":"record.import","label":"导入"},
]

/** Every view through which staff read a worker's data (访问日志), with its label, in the order the filter offers them. */
export const ACCESS_VIEWS: readonly AccessViewInfo[] = [
  {"view":"record","label":"查看登记信息"},
  {"view":"application","label":"查看申请详情"},
  {"view":"detail","label":"查看名册详情"},
  {"view":"print","label":"打印或预览登记表"},
  {"view":"batch_print","label":"批量打印登记表"},
  {"view":"reveal","label":"显示完整信息"},
]

/** Every IPC command: `invoke(name, { token, args })` resolves to `result` or rejects with an `ApiError`. */
export interface Commands {
  may_import: { args: null, result: boolean };
  app_status: { args: null, result: AppStatus };
  setup_admin: { args: SetupAdminArgs, result: Session };
  new_captcha: { args: null, result: Captcha };
  password_rules: { args: null, result: PasswordRules };
  login: { args: LoginArgs, result: Session };
  logout: { args: null, result: null };
  me: { args: null, result: UserInfo };
  register: { args: RegisterArgs, result: null };
  recover_password: { args: RecoverArgs, result: null };
  change_password: { args: ChangePasswordArgs, result: UserInfo };
  account_queue: { args: AccountQuery, result: Page<AccountRow> };
  pending_account_count: { args: null, result: number };
  review_account: { args: ReviewAccountArgs, result: null };
  list_accounts: { args: AccountQuery, result: Page<AccountRow> };
  create_staff: { args: CreateStaffArgs, result: TempPassword };
  set_account_enabled: { args: SetEnabledArgs, result: null };
  reset_password: { args: ResetPasswordArgs, result: TempPassword };
  security_settings: { args: null, result: SecuritySettings };
  save_security_settings: { args: SecuritySettings, result: null };
  login_log: { args: LoginLogQuery, result: Page<LoginLogRow> };
  mail_settings: { args: null, result: MailSettings | null };
  save_mail_settings: { args: MailSettings | null, result: null };
  send_test_mail: { args: TestMailArgs, result: MailResult };
  list_outbox: { args: null, result: Array<OutboxEntry> };
  read_outbox: { args: string, result: string };
  code_tables: { args: null, result: CodeTables };
  hub: { args: Target, result: Hub };
  record_form: { args: RecordQuery, result: RecordView };
  save_record: { args: SaveRecordArgs, result: RecordView };
  update_contact: { args: ContactArgs, result: Contact };
  submit_request: { args: RequestArgs, result: ApplicationInfo };
  applications_of: { args: HistoryQuery, result: Array<ApplicationInfo> };
  enter_worker: { args: EnterWorkerArgs, result: EnteredWorker };
  find_worker_by_id_number: { args: FindByIdNumberArgs, result: KnownWorker | null };
  application_queue: { args: QueueQuery, result: Page<QueueRow> };
  queue_counts: { args: null, result: QueueCounts };
  application_detail: { args: number, result: ApplicationDetail };
  decide_application: { args: DecideArgs, result: ApplicationInfo };
  review_context: { args: null, result: ReviewContext };
  review_settings: { args: null, result: ReviewSettings };
  save_review_settings: { args: ReviewSettings, result: null };
  set_review_scope: { args: SetScopeArgs, result: null };
  freeze_record: { args: FreezeArgs, result: null };
  freeze_candidates: { args: null, result: Array<FreezeCandidate> };
  freeze_expired: { args: FreezeManyArgs, result: number };
  issue_card: { args: IssueCardArgs, result: CardRow };
  cards_of: { args: Target, result: Array<CardRow> };
  period_settings: { args: null, result: PeriodSettings };
  save_period_settings: { args: PeriodSettings, result: null };
  audit_log: { args: AuditQuery, result: Page<AuditRow> };
  verify_audit: { args: null, result: AuditCheck };
  access_log: { args: AccessQuery, result: Page<AccessRow> };
  record_pdf: { args: Target, result: PdfDocument };
  roster: { args: RosterQuery, result: Page<RosterRow> };
  reveal: { args: RevealArgs, result: string };
  worker_detail: { args: number, result: WorkerDetail };
  statistics: { args: RosterQuery, result: Stats };
  backup_overview: { args: null, result: BackupOverview };
  backup_alert: { args: null, result: string | null };
  save_backup_settings: { args: BackupSettings, result: null };
  choose_photo: { args: Target, result: PhotoUpload | null };
  save_record_pdf: { args: Target, result: string | null };
  print_record_pdf: { args: Target, result: string };
  save_batch_pdf: { args: BatchPdfArgs, result: string | null };
  cancel_batch: { args: null, result: null };
  export_records: { args: ExportArgs, result: ExportSummary | null };
  save_stats_xlsx: { args: RosterQuery, result: string | null };
  backup_now: { args: null, result: BackupSummary | null };
  choose_backup: { args: null, result: BackupFileCheck | null };
  restore_backup: { args: null, result: RestoreSummary };
  save_import_template: { args: null, result: string | null };
  choose_import_file: { args: null, result: ImportCheck | null };
  choose_import_photos: { args: null, result: ImportCheck | null };
  recheck_import: { args: null, result: ImportCheck };
  save_import_report: { args: null, result: string | null };
  run_import: { args: ImportRunArgs, result: ImportSummary | null };
}
