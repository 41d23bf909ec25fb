// Generated from the Rust types by `scripts/bindings.sh`; do not edit by hand.
// CI fails when this file differs from what the Rust code generates.

export type ErrorCode = "validation" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "captcha" | "login_failed" | "locked" | "account_pending" | "account_rejected" | "account_disabled" | "must_change_password" | "database" | "internal";

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

export type LoginArgs = { username: string, password: string, captchaId: string, captchaAnswer: string, };

export type UserInfo = { id: number, username: string, displayName: string, role: Role, mustChangePassword: boolean, };

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

export type RegisterArgs = { username: string, password: string, passwordConfirm: string, displayName: string, idNumber: string, phone: string, email: string, };

export type RecoverArgs = { username: string, email: string, };

export type ChangePasswordArgs = { oldPassword: string, newPassword: string, newPasswordConfirm: string, };

export type AccountStatus = "pending" | "active" | "rejected" | "disabled";

export type AccountQuery = { status: AccountStatus | null, role: Role | null, 
/**
 * Matches 账号, 姓名, 手机号码, 电子邮箱 or 身份证号码.
 */
search: string, page: number, pageSize: number, };

export type AccountRow = { id: number, username: string, displayName: string, role: Role, status: AccountStatus, idNumber: string, phone: string, email: string, createdAt: string, reviewComment: string | null, reviewedAt: string | null, lastLoginAt: string | null, mustChangePassword: boolean, };

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

export type SecuritySettings = { maxFailedLogins: number, lockWindowMinutes: number, lockMinutes: number, sessionIdleMinutes: number, };

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

/** Every IPC command: `invoke(name, { token, args })` resolves to `result` or rejects with an `ApiError`. */
export interface Commands {
  app_status: { args: null, result: AppStatus };
  setup_admin: { args: SetupAdminArgs, result: Session };
  new_captcha: { args: null, result: Captcha };
  login: { args: LoginArgs, result: Session };
  logout: { args: null, result: null };
  me: { args: null, result: UserInfo };
  register: { args: RegisterArgs, result: null };
  recover_password: { args: RecoverArgs, result: null };
  change_password: { args: ChangePasswordArgs, result: UserInfo };
  account_queue: { args: AccountQuery, result: Page<AccountRow> };
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
}
