#!/usr/bin/env bash
# Builds local stand-ins for the two base images of the Dockerfile, tagged with the FROM names:
#   mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
#       Debian bookworm (debootstrap --variant=minbase) with this machine's .NET SDK and what
#       native AOT links with (clang, zlib1g-dev), as Microsoft's -aot SDK images carry them
#   mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
#       only what a native .NET executable loads, taken from the same Debian packages: the C
#       library, libgcc_s, OpenSSL (libssl3), the CA bundle, and the app user 1654; no shell, no
#       package manager, no ICU (the exporter uses invariant globalization) — the idea of
#       Microsoft's chiseled images
# Why stand-ins: CI and the developers' machines reach only the package registries (Debian,
# NuGet), never a container registry, so the official images cannot be pulled; the Dockerfile
# stays the one a user builds against the real images.
# Images that exist already are kept (pass --force to rebuild). Needs root, debootstrap, docker.
set -euo pipefail

runtime_tag=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
sdk_tag=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
force=false
[[ ${1:-} == --force ]] && force=true

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
if ! $force && have_image "$runtime_tag" && have_image "$sdk_tag"; then
  echo "base images: $runtime_tag and $sdk_tag exist, kept"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "base images: debootstrap is not installed: apt-get install debootstrap" >&2; exit 1; }

# The Debian mirror apt already uses (deb822 .sources or a classic sources.list line).
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
         | awk '/^URIs:/ || /^deb / {for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) {print $i; break}}' | grep -v -- '-security' | head -1 || true)
[[ -n $mirror ]] || { echo "base images: no Debian mirror found in apt's sources" >&2; exit 1; }

dotnet_root=$(dirname "$(dotnet --list-sdks | tail -1 | sed 's/.*\[\(.*\)\]/\1/')")
[[ -x $dotnet_root/dotnet ]] || { echo "base images: no .NET SDK found (dotnet --list-sdks)" >&2; exit 1; }

work=$(mktemp -d /var/tmp/pushexporter-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "base images: debootstrap bookworm from apt's mirror into $rootfs"
debootstrap --variant=minbase --include=ca-certificates,libssl3,clang,zlib1g-dev \
  bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
# Image hygiene, as debian:bookworm-slim does: no package lists, caches, logs or documentation.
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/* "$rootfs"/tmp/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

env_changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
             --change 'ENV APP_UID=1654' --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true')

# The chiseled stand-in: the files a native executable and OpenSSL load, resolved inside the
# Debian root (ldd there), plus the CA bundle and the users.
chisel=$work/chisel
libdir=$(chroot "$rootfs" sh -c 'dirname "$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null || readlink -f /lib/ld-linux-aarch64.so.1)"')
mkdir -p "$chisel/tmp" "$chisel/etc/ssl/certs" "$chisel/home/app" "$chisel$libdir"
chmod 1777 "$chisel/tmp"
for library in libc.so.6 libm.so.6 libgcc_s.so.1 libssl.so.3 libcrypto.so.3 libz.so.1; do
  chroot "$rootfs" ldd "$libdir/$library" | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' \
    | sort -u | while read -r file; do
        mkdir -p "$chisel$(dirname "$file")"
        cp -L "$rootfs$file" "$chisel$file"
      done
  cp -L "$rootfs$libdir/$library" "$chisel$libdir/$library"
done
# The loader at the path the executable names (/lib64/ld-linux-x86-64.so.2 or /lib/ld-linux-aarch64.so.1).
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  if [[ -e $rootfs$loader ]]; then
    mkdir -p "$chisel$(dirname "$loader")"
    cp -L "$rootfs$loader" "$chisel$loader"
  fi
done
cp "$rootfs/etc/ssl/certs/ca-certificates.crt" "$chisel/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654::/home/app:/usr/sbin/nologin\n' > "$chisel/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' > "$chisel/etc/group"
printf 'hosts: files dns\n' > "$chisel/etc/nsswitch.conf"
chown 1654:1654 "$chisel/home/app"
tar -C "$chisel" -c . | docker import "${env_changes[@]}" - "$runtime_tag" >/dev/null
echo "base images: $runtime_tag $(docker image inspect -f '{{.Size}}' "$runtime_tag" | numfmt --to=si)B"

echo "base images: adding the SDK from $dotnet_root"
mkdir -p "$rootfs/usr/share/dotnet"
cp -a "$dotnet_root/." "$rootfs/usr/share/dotnet/"
ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
# The build stage restores from NuGet like this machine does, so it trusts what this machine
# trusts (a proxy's or company CA added with update-ca-certificates). Only the SDK stand-in
# gets it; the runtime image keeps Debian's bundle.
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
tar -C "$rootfs" -c . | docker import "${env_changes[@]}" \
  --change 'ENV DOTNET_ROOT=/usr/share/dotnet' --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
  --change 'ENV DOTNET_NOLOGO=1' --change 'ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1' \
  - "$sdk_tag" >/dev/null
echo "base images: $sdk_tag $(docker image inspect -f '{{.Size}}' "$sdk_tag" | numfmt --to=si)B"
