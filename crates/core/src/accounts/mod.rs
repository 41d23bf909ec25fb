//! Accounts: sign-up (注册) and its review, login with captcha and lockout, sessions and roles,
//! password recovery and change, staff accounts and the security and mail settings.

pub mod captcha;
pub mod login;
pub mod mail;
pub mod network;
pub mod password;
pub mod policy;
pub mod recovery;
pub mod session;
pub mod signup;
pub mod staff;
