#!/usr/bin/env bash
# Builds the release archives of PushExporter:
#
#   scripts/release.sh VERSION [OUTPUT_DIR]        (OUTPUT_DIR defaults to dist/)
#
#   pushexporter-VERSION.linux-amd64.tar.gz    pushexporter, LICENSE, README.md, CHANGELOG.md,
#   pushexporter-VERSION.linux-arm64.tar.gz      pushexporter.example.yml, Export-PushConfiguration.ps1,
#                                                 pushexporter.service (systemd)
#   pushexporter-VERSION.windows-amd64.zip     the same with pushexporter.exe and
#                                                 Install-PushExporterService.ps1 instead of the unit
#   sha256sums.txt                             sha256sum -c sha256sums.txt checks them
#
# Each archive holds one folder, pushexporter-VERSION.OS-ARCH/. The binary needs no .NET runtime:
# linux-amd64 is the native (AOT) executable, as in the image; linux-arm64 and windows-amd64 are
# self-contained, trimmed single files, because native AOT compiles for the machine it runs on
# (no cross-OS, and no cross-architecture without an arm64 toolchain). Intermediate files go to
# RELEASE_BUILD_DIR (default: a temporary folder), never into the source tree's bin/ and obj/.
# Needs the .NET SDK of global.json, tar, gzip, zip, and for native AOT clang and zlib1g-dev
# (apt-get install zip clang zlib1g-dev).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || ! $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]]; then
  echo "usage: scripts/release.sh VERSION [OUTPUT_DIR]   (VERSION like 1.1.0 or 1.1.0-rc.1)" >&2
  exit 2
fi
version=$1
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${2:-$root/dist}" && cd "${2:-$root/dist}" && pwd)
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
command -v zip >/dev/null || { echo "release.sh: zip is not installed: apt-get install zip" >&2; exit 2; }
# Native AOT (linux-amd64 on an x86_64 machine, below) links with clang and zlib.
if [[ $(uname -m) == x86_64 ]] && ! clang -x c -o /dev/null - -lz <<<'int main(void) { return 0; }' >/dev/null 2>&1; then
  echo "release.sh: native AOT cannot link here (clang and zlib are needed): apt-get install clang zlib1g-dev" >&2
  exit 2
fi

build=${RELEASE_BUILD_DIR:-}
if [[ -z $build ]]; then
  build=$(mktemp -d /tmp/pushexporter-release.XXXXXX)
  trap 'rm -rf "$build"' EXIT
fi
# Reproducible archives: file times from the commit, owner root, names sorted.
epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)

# The one publish command: native AOT where this machine can compile it, else self-contained.
publish() {
  local rid=$1 dir=$2 build_kind
  if [[ $rid == linux-x64 && $(uname -m) == x86_64 ]]; then
    build_kind=(-p:PublishAot=true)
  else
    build_kind=(-p:PublishAot=false -p:PublishTrimmed=true -p:PublishSingleFile=true)
  fi
  dotnet publish "$root/src/PushExporter/PushExporter.csproj" -c Release -r "$rid" --self-contained \
    "${build_kind[@]}" -p:StripSymbols=true \
    -p:DebugType=none -p:PublishDocumentationFiles=false \
    -p:Version="$version" -p:SourceRevisionId="$revision" \
    --artifacts-path "$build/artifacts" -o "$dir" -nologo -v quiet
}

# OS-ARCH of the archive name (Prometheus' naming) → .NET runtime identifier.
declare -A rids=([linux-amd64]=linux-x64 [linux-arm64]=linux-arm64 [windows-amd64]=win-x64)

archives=()
for platform in linux-amd64 linux-arm64 windows-amd64; do
  rid=${rids[$platform]}
  name=pushexporter-$version.$platform
  echo "release: $name (dotnet publish -r $rid)" >&2
  publish "$rid" "$build/publish/$rid"

  stage=$build/stage/$name
  rm -rf "$stage" && mkdir -p "$stage"
  # Only the program: the Web SDK also writes IIS files (web.config, aspnetcorev2_inprocess.dll)
  # and a static web assets manifest that the exporter does not use.
  if [[ $platform == windows-* ]]; then
    install -m 0755 "$build/publish/$rid/pushexporter.exe" "$stage/pushexporter.exe"
    install -m 0644 "$root/scripts/Install-PushExporterService.ps1" "$stage/"
  else
    install -m 0755 "$build/publish/$rid/pushexporter" "$stage/pushexporter"
    install -m 0644 "$root/deploy/systemd/pushexporter.service" "$stage/"
  fi
  install -m 0644 "$root/LICENSE" "$root/README.md" "$root/CHANGELOG.md" "$root/scripts/Export-PushConfiguration.ps1" "$stage/"
  install -m 0644 "$root/deploy/pushexporter.example.yml" "$stage/pushexporter.example.yml"
  find "$stage" -exec touch -h -d "@$epoch" {} +

  if [[ $platform == windows-* ]]; then
    archive=$name.zip
    rm -f "$out/$archive"
    (cd "$build/stage" && find "$name" -print | LC_ALL=C sort | zip -X -q "$out/$archive" -@)
  else
    archive=$name.tar.gz
    tar -C "$build/stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" \
      | gzip -n -9 > "$out/$archive"
  fi
  archives+=("$archive")
done

(cd "$out" && sha256sum "${archives[@]}" > sha256sums.txt)
echo "release: $out" >&2
(cd "$out" && ls -l "${archives[@]}" sha256sums.txt)
