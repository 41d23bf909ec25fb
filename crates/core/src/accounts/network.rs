//! 工作人员登录网络: an admin may restrict staff accounts (审核员, 管理员) to listed networks —
//! the bureau's intranet — so that the portal faces the internet for workers while staff work
//! only from inside. It applies where the caller's address is known: through `swreg-server`
//! (`commands::Caller::address`); the desktop app's own window is this computer and is never
//! restricted. Workers are never restricted.

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::settings;
use rusqlite::Connection;
use std::net::IpAddr;

/// The setting: one network a line; empty for anywhere.
pub const STAFF_NETWORKS: (&str, &str) = ("login.staff_networks", "");
/// The most networks the list holds.
pub const MAX_NETWORKS: usize = 100;

/// A network as CIDR (`10.0.0.0/8`, `fd00::/8`) or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(text: &str) -> Option<Network> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let base: IpAddr = address.trim().parse().ok()?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok().filter(|p| *p <= max)?,
            Some(_) => return None,
            None => max,
        };
        Some(Network { base: base.to_canonical(), prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.base, address.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => same_prefix(&n.octets(), &a.octets(), self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => same_prefix(&n.octets(), &a.octets(), self.prefix),
            _ => false,
        }
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) & (0xffu8 << (8 - rest)) == 0
}

/// The list as saved: trimmed, without empty lines; a Chinese error on the `staffNetworks`
/// field naming the first line that is no network.
pub fn clean(lines: &[String]) -> Result<Vec<String>> {
    let kept: Vec<String> = lines.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    if kept.len() > MAX_NETWORKS {
        return Err(Error::field("staffNetworks", format!("最多填写{MAX_NETWORKS}个网络")));
    }
    if let Some(bad) = kept.iter().find(|l| Network::parse(l).is_none()) {
        let shown: String = bad.chars().take(40).collect();
        return Err(Error::field("staffNetworks", format!("“{shown}”不是有效的网络，请填写如 10.0.0.0/8 或 192.168.1.20，每行一个")));
    }
    Ok(kept)
}

pub(crate) fn load(conn: &Connection) -> Result<Vec<String>> {
    let text = settings::get_text(conn, STAFF_NETWORKS)?;
    Ok(text.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect())
}

pub(crate) fn save(conn: &Connection, networks: &[String]) -> Result<()> {
    settings::set_text(conn, STAFF_NETWORKS, &networks.join("\n"))
}

/// Whether staff may work from `address`: the list is empty, or a network holds it.
pub(crate) fn allows(conn: &Connection, address: IpAddr) -> Result<bool> {
    Ok(list_allows(&load(conn)?, address))
}

pub(crate) fn list_allows(networks: &[String], address: IpAddr) -> bool {
    networks.is_empty() || networks.iter().filter_map(|n| Network::parse(n)).any(|n| n.contains(address))
}

impl Registry {
    /// Refuses a staff session used from outside the staff networks. No session, or a
    /// worker's: nothing to refuse here (the command itself answers).
    pub fn admit_from(&self, token: &str, address: IpAddr) -> Result<()> {
        match self.sessions.role_of(token) {
            Some(role) if role.is_staff() && !allows(&self.db(), address)? => Err(Error::OutsideNetwork),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_hold_their_addresses_and_no_others() {
        let lan = Network::parse("10.0.0.0/8").unwrap();
        assert!(lan.contains(ip("10.200.3.4")));
        assert!(!lan.contains(ip("11.0.0.1")));
        assert!(lan.contains(ip("::ffff:10.1.2.3")), "an IPv4 client on an IPv6 socket");
        let odd = Network::parse("192.168.4.0/22").unwrap();
        assert!(odd.contains(ip("192.168.7.255")));
        assert!(!odd.contains(ip("192.168.8.0")));
        let one = Network::parse(" 192.168.1.20 ").unwrap();
        assert!(one.contains(ip("192.168.1.20")));
        assert!(!one.contains(ip("192.168.1.21")));
        let v6 = Network::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        assert!(Network::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
    }

    #[test]
    fn anything_else_is_no_network() {
        for bad in ["", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0/8", "intranet", "10.0.0.0/-1", "::/129", "10.0.0.0/ 8"] {
            assert_eq!(Network::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_list_is_cleaned_or_refused_on_its_field() {
        let cleaned = clean(&[" 10.0.0.0/8 ".into(), "".into(), "192.168.1.20".into()]).unwrap();
        assert_eq!(cleaned, ["10.0.0.0/8", "192.168.1.20"]);
        let err = clean(&["10.0.0.0/8".into(), "办公室".into()]).unwrap_err();
        assert!(matches!(&err, Error::Invalid(f) if f[0].field == "staffNetworks" && f[0].message.contains("办公室")), "{err:?}");
    }
}
