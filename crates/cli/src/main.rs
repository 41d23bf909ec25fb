//! swreg-admin: the command line of 社会工作者登记管理系统 for the bureau's IT staff, on the same
//! core as the app. Every command acts as the local operator (an admin's rights, no account) on
//! one data folder; errors go to stderr in Chinese with a non-zero exit.

mod filters;
mod import;

use clap::{Parser, Subcommand, ValueEnum};
#[allow(unused_imports)]
use clap::CommandFactory as _;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use swreg_core::accounts::login::SetupAdminArgs;
use swreg_core::demo::{SeedArgs, DEMO_ADMIN, DEMO_PASSWORD, DEMO_REVIEWER};
use swreg_core::{Error, Registry, SystemClock};

const DEMO_HELP: &str = "演示账号（仅用于演示数据，切勿用于正式数据库）：
  管理员 demo_admin、审核员 demo_reviewer、社工 demo000001 起，
  密码均为 Demo2026x";

#[derive(Parser)]
#[command(name = "swreg-admin", version, about = "社会工作者登记管理系统 管理命令行", after_help = DEMO_HELP)]
struct Cli {
    /// 数据文件夹（默认：与桌面程序相同的应用数据文件夹）
    #[arg(long, global = true, env = "SWREG_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建数据文件夹和数据库（已存在时升级到当前结构版本）
    Init,
    /// 创建管理员账号；密码在终端输入两次（不回显），或用 --password-stdin 从标准输入读取一行
    CreateAdmin {
        /// 账号
        #[arg(long)]
        username: String,
        /// 姓名
        #[arg(long)]
        name: String,
        /// 从标准输入读取密码（一行）
        #[arg(long)]
        password_stdin: bool,
    },
    /// 写入演示数据（仅限没有登记记录的新数据文件夹）
    #[command(after_help = DEMO_HELP)]
    SeedDemo {
        /// 演示社工人数
        #[arg(long, default_value_t = 1000, value_name = "人数")]
        workers: u32,
        /// 随机种子：相同的种子生成相同的数据
        #[arg(long, default_value_t = 2026, value_name = "种子")]
        seed: u64,
    },
    /// 按登记名册的筛选条件导出 XLSX 或 CSV
    Export {
        /// 导出格式
        #[arg(long, value_enum, value_name = "格式")]
        format: Format,
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filters: filters::Filters,
        /// 另加国家标准代码列
        #[arg(long)]
        with_codes: bool,
        /// 导出完整的身份证号码和手机号码（须同时填写 --purpose）
        #[arg(long)]
        unmasked: bool,
        /// 导出用途（记入操作日志）
        #[arg(long, default_value = "", value_name = "用途")]
        purpose: String,
    },
    /// 按登记名册的筛选条件打印登记申请表（一个 PDF）
    Print {
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 打印用途（记入操作日志）
        #[arg(long, value_name = "用途")]
        purpose: String,
        #[command(flatten)]
        filters: filters::Filters,
    },
    /// 在线备份数据库并检查备份文件的完整性
    Backup {
        /// 备份文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 校验操作日志的哈希链：逐条核对，指出第一条对不上的记录（有则退出码非零）
    VerifyAudit,
    /// 写出导入模板（XLSX：每个字段一列，下拉选项、填写说明和两行示例）
    Template {
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 导入已有的登记名册（XLSX 或 CSV）：先逐行检查并写出错误报告；全部通过才导入（退出码：0 全部通过，3 有未通过的行，1 出错）
    Import {
        /// 要导入的文件（XLSX，或 UTF-8、GB18030 编码的 CSV）
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// 照片压缩包（ZIP，照片以身份证号码命名，如 35020319900101123X.jpg）
        #[arg(long, value_name = "ZIP")]
        photos: Option<PathBuf>,
        /// 只检查、写出错误报告，不导入
        #[arg(long)]
        dry_run: bool,
        /// 有未通过检查的行时，只导入通过检查的行
        #[arg(long)]
        skip_invalid: bool,
        /// 错误报告（XLSX，列出未通过检查的行及原因）
        #[arg(long, value_name = "FILE")]
        report: PathBuf,
    },
    /// 用备份文件恢复数据库（先检查备份文件，当前数据库先另存到数据文件夹的 backups/；
    /// 恢复前请关闭桌面程序）
    Restore {
        /// 备份文件
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// 不再确认，直接恢复
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Xlsx,
    Csv,
}

const TEMPLATE_WITH_COMMANDS: &str = "{about-with-newline}\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}{after-help}";
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n选项：\n{options}{after-help}";

/// clap writes `[possible values: …]`, `[default: …]` and `[env: …]` in English: each arg says
/// them in Chinese in its own help instead.
fn zh_arg(a: clap::Arg) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let mut notes = Vec::new();
    let values: Vec<String> = a.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_owned()).collect();
    if !values.is_empty() {
        notes.push(format!("可选：{}", values.join("、")));
    }
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if defaults.iter().any(|d| !d.is_empty()) {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if let Some(env) = a.get_env() {
        notes.push(format!("环境变量：{}", env.to_string_lossy()));
    }
    let a = a.hide_possible_values(true).hide_default_value(true).hide_env(true);
    if notes.is_empty() {
        return a;
    }
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    a.help(format!("{help}（{}）", notes.join("；")))
}

/// The command line with its help in Chinese: headings, and the help and version flags.
fn command() -> clap::Command {
    fn zh(c: clap::Command) -> clap::Command {
        let has_commands = c.get_subcommands().next().is_some();
        let c = c
            .help_template(if has_commands { TEMPLATE_WITH_COMMANDS } else { TEMPLATE })
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(clap::Arg::new("help").short('h').long("help").action(clap::ArgAction::Help).help("显示帮助"))
            .mut_args(zh_arg)
            .mut_subcommands(zh);
        if c.get_version().is_some() {
            c.disable_version_flag(true)
                .arg(clap::Arg::new("version").short('V').long("version").action(clap::ArgAction::Version).help("显示版本"))
        } else {
            c
        }
    }
    zh(<Cli as clap::CommandFactory>::command())
}

fn main() -> ExitCode {
    let parsed = command().try_get_matches().and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("错误：命令行参数有误（用 --help 查看用法）\n{}", e.render());
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => swreg_core::default_data_dir().ok_or("无法确定默认数据文件夹，请用 --data-dir 指定")?,
    };
    if data_dir.exists() && !data_dir.is_dir() {
        return Err(format!("数据文件夹不是文件夹：{}", data_dir.display()));
    }
    // Only `init` makes a new data folder: a mistyped --data-dir must not become an empty registry.
    if !matches!(cli.command, Command::Init) && !data_dir.join(swreg_core::DB_FILE_NAME).is_file() {
        return Err(format!(
            "数据文件夹中没有数据库：{}（新的数据文件夹请先运行 swreg-admin --data-dir {} init）",
            data_dir.display(),
            data_dir.display()
        ));
    }
    let registry = Registry::open(&data_dir, Arc::new(SystemClock)).map_err(describe)?;
    let token = registry.system_token();
    match cli.command {
        Command::Init => {
            println!("数据库已就绪：{}", data_dir.join(swreg_core::DB_FILE_NAME).display());
            println!("结构版本：{}", swreg_core::db::supported_version());
            if registry.status().map_err(describe)?.needs_setup {
                println!("尚无管理员：请运行 swreg-admin create-admin，或在桌面程序中初始化");
            }
        }
        Command::CreateAdmin { username, name, password_stdin } => {
            let (password, password_confirm) = read_password(password_stdin)?;
            let user = registry
                .create_admin(&token, SetupAdminArgs { username, display_name: name, password, password_confirm })
                .map_err(describe)?;
            println!("已创建管理员账号 {}（{}）", user.username, user.display_name);
        }
        Command::SeedDemo { workers, seed } => {
            eprintln!("正在写入 {workers} 名演示社工…");
            let started = std::time::Instant::now();
            let s = registry.seed_demo(&token, SeedArgs { workers, seed }).map_err(describe)?;
            println!(
                "已写入演示数据：社工 {}，账号 {}，申请 {}，社工卡 {}，照片 {}（用时 {:.1} 秒）",
                s.workers,
                s.accounts,
                s.applications,
                s.cards,
                s.photos,
                started.elapsed().as_secs_f64()
            );
            println!("演示账号：{DEMO_ADMIN}、{DEMO_REVIEWER}、demo000001 …，密码 {DEMO_PASSWORD}（仅用于演示）");
        }
        Command::Export { format, out, filters, with_codes, unmasked, purpose } => {
            filters::export(&registry, &token, format, &out, filters, with_codes, unmasked, purpose)?;
        }
        Command::Print { out, purpose, filters } => {
            filters::print(&registry, &token, &out, &purpose, filters)?;
        }
        Command::Backup { out } => {
            ensure_parent(&out)?;
            let mut bar = Progress::new("备份");
            let s = registry.backup(&token, &out, &mut |done, total| bar.show(done, total)).map_err(describe)?;
            bar.finish();
            println!("已备份到 {}（{} 字节），完整性检查通过", s.path, s.bytes);
            match s.audit_hash {
                Some(h) => println!("备份中操作日志末条记录的哈希：{h}（请记下，日后可与日志核对）"),
                None => println!("备份中的操作日志为空"),
            }
        }
        Command::VerifyAudit => {
            let check = registry.verify_audit(&token).map_err(describe)?;
            match check.first_break {
                None => {
                    println!("操作日志完整：{} 条记录的哈希链全部衔接", check.entries);
                    if let Some(h) = check.latest_hash {
                        println!("末条记录的哈希：{h}");
                    }
                }
                Some(b) => {
                    return Err(format!("操作日志不完整：第一条对不上的是编号 {} 的记录（{}）：{}", b.id, b.at, b.reason));
                }
            }
        }
        Command::Restore { from, yes } => restore(&registry, &token, &data_dir, &from, yes)?,
        Command::Template { out } => return import::template(&registry, &token, &out),
        Command::Import { file, photos, dry_run, skip_invalid, report } => {
            return import::import(&registry, &token, import::ImportOptions { file, photos, dry_run, skip_invalid, report });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// 恢复: the backup is checked and described, the operator confirms (or gave --yes), then the
/// core replaces the database.
fn restore(registry: &Registry, token: &str, data_dir: &Path, from: &Path, yes: bool) -> Result<(), String> {
    let check = swreg_core::restore::check_backup(from).map_err(describe)?;
    println!(
        "备份文件：{}（结构版本 {}，社工记录 {}，账号 {}），完整性检查通过",
        from.display(),
        check.schema_version,
        check.workers,
        check.accounts
    );
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err("恢复会替换当前数据库：没有终端可确认，请加 --yes".into());
        }
        print!("将用该备份替换数据文件夹 {} 中的数据库（当前数据库会先另存到 backups/）。输入 yes 继续：", data_dir.display());
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| format!("无法读取输入：{e}"))?;
        if !matches!(answer.trim(), "yes" | "YES" | "是") {
            return Err("已取消，数据库未改动".into());
        }
    }
    let s = registry.restore(token, from).map_err(describe)?;
    println!("已恢复数据库：{}", s.restored_from);
    println!("恢复前的数据库已另存为 {}", s.previous_saved_as);
    Ok(())
}

/// The password twice without echo on a terminal, or one line from standard input.
fn read_password(from_stdin: bool) -> Result<(String, String), String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("无法读取标准输入：{e}"))?;
        let p = line.trim_end_matches(['\n', '\r']).to_owned();
        return Ok((p.clone(), p));
    }
    if !std::io::stdin().is_terminal() {
        return Err("没有终端可输入密码，请使用 --password-stdin".into());
    }
    let first = rpassword::prompt_password("密码：").map_err(|e| format!("无法读取密码：{e}"))?;
    let second = rpassword::prompt_password("再次输入密码：").map_err(|e| format!("无法读取密码：{e}"))?;
    Ok((first, second))
}

/// An error in words for the operator; field errors one per line.
pub(crate) fn describe(e: Error) -> String {
    match e {
        Error::Invalid(fields) => {
            let lines: Vec<String> = fields.iter().map(|f| format!("  {}：{}", field_name(&f.field), f.message)).collect();
            format!("请检查填写的内容\n{}", lines.join("\n"))
        }
        other => other.to_string(),
    }
}

/// The option a field error is about, as the operator typed it.
fn field_name(field: &str) -> String {
    match field {
        "username" => "--username".into(),
        "displayName" => "--name".into(),
        "password" | "passwordConfirm" => "密码".into(),
        "purpose" => "--purpose".into(),
        "validFrom" => "--valid-from".into(),
        "validTo" => "--valid-to".into(),
        "workers" => "--workers".into(),
        "file" => "--file".into(),
        "photos" => "--photos".into(),
        other => other.into(),
    }
}

/// A one-line progress indicator on stderr, redrawn at most once a percent.
pub(crate) struct Progress {
    what: &'static str,
    shown: Option<u64>,
    tty: bool,
}

impl Progress {
    pub fn new(what: &'static str) -> Progress {
        Progress { what, shown: None, tty: std::io::stderr().is_terminal() }
    }

    pub fn show(&mut self, done: u64, total: u64) {
        let pct = if total == 0 { 100 } else { done * 100 / total };
        if self.shown == Some(pct) || !self.tty {
            return;
        }
        self.shown = Some(pct);
        eprint!("\r{}中… {pct}%（{done}/{total}）", self.what);
        let _ = std::io::stderr().flush();
    }

    pub fn finish(&self) {
        if self.tty && self.shown.is_some() {
            eprintln!();
        }
    }
}

pub(crate) fn ensure_parent(out: &Path) -> Result<(), String> {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() && !p.is_dir() => Err(format!("文件夹不存在：{}", p.display())),
        _ => Ok(()),
    }
}
