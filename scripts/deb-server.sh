#!/usr/bin/env bash
# Builds the server's .deb: target/deb-server/swreg-server_<version>_<arch>.deb with
#   /usr/bin/swreg-server, /usr/bin/swreg-admin (restores and imports are done on the server),
#   the Vue app in /usr/share/swreg-server/ui, the systemd unit in /lib/systemd/system,
#   /etc/swreg/server.toml (a conffile), and a postinst that makes the `swreg` system user.
# The release build shares target/ with the app's. Then checks the unit with
# `systemd-analyze verify` against the package's own files.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"

ensure_npm "$ROOT/ui"
build_ui
say "release build of swreg-server and swreg-admin"
cargo build --release -p swreg-server -p swreg-admin --bins

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)
out=target/deb-server
pkg=$out/root
rm -rf "$out"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/share/swreg-server" "$pkg/usr/share/doc/swreg-server"
install -Dm755 target/release/swreg-server "$pkg/usr/bin/swreg-server"
install -Dm755 target/release/swreg-admin "$pkg/usr/bin/swreg-admin"
cp -r ui/dist "$pkg/usr/share/swreg-server/ui"
install -Dm644 packaging/server/swreg-server.service "$pkg/lib/systemd/system/swreg-server.service"
install -Dm644 packaging/server/server.toml "$pkg/etc/swreg/server.toml"
cat > "$pkg/usr/share/doc/swreg-server/copyright" <<'COPYRIGHT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: swreg

Files: *
License: MIT
COPYRIGHT
chmod -R u=rwX,go=rX "$pkg/usr/share/swreg-server"

cat > "$pkg/DEBIAN/control" <<CONTROL
Package: swreg-server
Version: $version
Architecture: $arch
Section: net
Priority: optional
Maintainer: 社会工作者登记管理系统 <swreg@localhost>
Depends: adduser, fonts-noto-cjk
Recommends: fonts-hanazono, poppler-utils
Installed-Size: $(du -sk "$pkg" | cut -f1)
Description: 社会工作者登记管理系统服务器（网上申报与多工作站）
 One registry for the whole bureau over HTTPS: the workers' web portal and the desktop
 apps connected as clients share one register (the same core and SQLite file as the
 single-workstation app). Runs as the swreg system user with its data in /var/lib/swreg.
CONTROL
echo "/etc/swreg/server.toml" > "$pkg/DEBIAN/conffiles"

cat > "$pkg/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
  if ! getent passwd swreg >/dev/null; then
    adduser --system --group --home /var/lib/swreg --no-create-home \
      --gecos "社会工作者登记管理系统服务器" swreg
  fi
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null || true
    systemctl enable swreg-server.service >/dev/null || true
    if [ -n "$2" ]; then
      systemctl try-restart swreg-server.service >/dev/null || true
    else
      systemctl start swreg-server.service >/dev/null || true
    fi
  fi
fi
exit 0
POSTINST

cat > "$pkg/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = "remove" ]; then
  systemctl stop swreg-server.service >/dev/null || true
fi
exit 0
PRERM

# The data in /var/lib/swreg and the swreg user stay after removal and purge: the register is
# the bureau's, not the package's.
cat > "$pkg/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
  if [ "$1" = "purge" ]; then
    systemctl disable swreg-server.service >/dev/null || true
  fi
  systemctl daemon-reload >/dev/null || true
fi
exit 0
POSTRM
chmod 755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/prerm" "$pkg/DEBIAN/postrm"

deb="$out/swreg-server_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null

say "systemd-analyze verify on the packaged unit"
# A root holding the system's own units and the package's files: the unit is checked with its
# ExecStart as installed. Any complaint (an unknown key too) fails.
check=$out/verify-root
mkdir -p "$check/usr/lib/systemd"
cp -r /usr/lib/systemd/system "$check/usr/lib/systemd/"
ln -s usr/lib "$check/lib"
dpkg-deb -x "$deb" "$check/pkg"
cp "$check/pkg/lib/systemd/system/swreg-server.service" "$check/usr/lib/systemd/system/"
install -Dm755 "$check/pkg/usr/bin/swreg-server" "$check/usr/bin/swreg-server"
if ! said=$(systemd-analyze verify --root="$check" /lib/systemd/system/swreg-server.service 2>&1) || [ -n "$said" ]; then
  echo "systemd-analyze verify failed on swreg-server.service:" >&2
  echo "$said" >&2
  exit 1
fi
rm -rf "$check"
say "built $ROOT/$deb"
