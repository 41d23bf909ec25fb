use crate::Format;
use std::path::Path;
use swreg_core::Registry;

#[derive(clap::Args)]
pub struct Filters {}

#[allow(clippy::too_many_arguments)]
pub fn export(_: &Registry, _: &str, _: Format, _: &Path, _: Filters, _: bool, _: bool, _: String) -> Result<(), String> {
    Err("尚未实现".into())
}

pub fn print(_: &Registry, _: &str, _: &Path, _: Filters) -> Result<(), String> {
    Err("尚未实现".into())
}
