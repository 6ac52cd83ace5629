#!/usr/bin/env bash
# The README's test command, for a fresh Debian machine with the .NET SDK:
#
#   scripts/test.sh             install the real peers the tests start (those missing), start a
#                               Docker engine for the container test, build, check the code
#                               style and run every test project; the last line is
#                               "N passed, N failed, N skipped", summed over the test projects
#   scripts/test.sh --list      the Debian packages it installs, one per line
#   scripts/test.sh --dry-run   the apt-get command it would run on this machine (nothing when
#                               nothing is missing); installs, starts and runs nothing
#
# Packages (Debian's names) are installed with apt-get as root, or through sudo; with neither it
# prints the apt-get command to run and exits 2. CI's entry point, .ci/run, is this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every package here is named by the "apt-get install ..." hint that a test (or a script a test
# runs) fails with when it is missing, and every such hint names only packages from here:
# tests/PushExporter.Container.Tests/Scripts/TestScriptTests.cs checks both ways.
debian_packages=(
  kamailio kamailio-tls-modules       # the Access Edge stand-in
  sip-tester                          # SIPp: scripted clearing house / UAS
  dnsmasq-base                        # SRV / A records for the scenarios
  stunnel4                            # TLS in front of Kamailio where TLS must be concurrent
  prometheus prometheus-alertmanager  # promtool, amtool and the paging path
  jsonnet                             # mixin/render.sh and the test that the shipped rules/dashboards are its output
  systemd                             # systemd-analyze verify of deploy/systemd/pushexporter.service
  kubernetes-client                   # kubectl kustomize renders deploy/kubernetes offline
  zip                                 # scripts/release.sh: the windows-amd64 archive
  clang zlib1g-dev                    # native AOT: scripts/release.sh links the linux-amd64 executable
  chromium                            # headless browser for the status page test (driven by Playwright)
  docker.io debootstrap               # the container test: an engine, and the stand-in base images
)

mode=run
case ${1:-} in
  '') ;;
  --list) printf '%s\n' "${debian_packages[@]}"; exit 0 ;;
  --dry-run) mode=dry-run ;;
  *) echo "usage: scripts/test.sh [--list | --dry-run]" >&2; exit 2 ;;
esac

# The packages that dpkg does not have installed. Debian's kubectl is kubernetes-client; a kubectl
# from elsewhere that is already there is used as it is (the two clash).
missing=()
if command -v dpkg-query >/dev/null; then
  installed=$'\n'$(dpkg-query -W -f='${Package} ${Status}\n' "${debian_packages[@]}" 2>/dev/null || true)$'\n'
  for package in "${debian_packages[@]}"; do
    [[ $package == kubernetes-client ]] && command -v kubectl >/dev/null && continue
    [[ $installed == *$'\n'"$package install ok installed"$'\n'* ]] || missing+=("$package")
  done
else
  echo "test.sh: no dpkg-query, so not Debian: install the equivalents of these packages yourself:" \
    "${debian_packages[*]} (scripts/test.sh --list)" >&2
fi

# Root runs apt-get and dockerd itself, any other user through sudo.
can_root=true as_root=()
if [[ $(id -u) != 0 ]]; then
  if command -v sudo >/dev/null; then as_root=(sudo); else can_root=false; fi
fi
apt_update=("${as_root[@]}" apt-get update -qq)
apt_install=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}")

if [[ $mode == dry-run ]]; then
  if ((${#missing[@]})); then
    echo "${apt_update[*]} && ${apt_install[*]}"
  else
    echo "test.sh: every package is installed, nothing to run" >&2
  fi
  exit 0
fi

if ((${#missing[@]})) && ! $can_root; then
  echo "test.sh: these Debian packages are missing: ${missing[*]}" >&2
  echo "test.sh: this user is not root and has no sudo; as root, run:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The container test needs a Docker engine. No bridge and no iptables: containers use the host
# network, so every address stays on loopback. Debian's engine speaks API 1.41.
export DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true

policy=/usr/sbin/policy-rc.d
remove_policy=false
dockerd_pid=
results=$(mktemp -d /tmp/pushexporter-test.XXXXXX)
root() { "${as_root[@]}" "$@"; }
stop_dockerd() {
  if [[ -n $dockerd_pid ]] && root kill -0 "$dockerd_pid" 2>/dev/null; then
    # The build stages of the image test leave untagged images (about 1 GB each) behind.
    docker image prune -f >/dev/null 2>&1 || true
    root kill "$dockerd_pid"
    for _ in $(seq 1 30); do root kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
  fi
}
cleanup() {
  stop_dockerd
  if $remove_policy; then root rm -f "$policy"; fi
  rm -rf "$results"
}
trap cleanup EXIT

if ((${#missing[@]})); then
  echo "test.sh: installing with apt-get${as_root[*]:+ through ${as_root[*]}}: ${missing[*]}"
  # Keep Debian's maintainer scripts from starting services: the tests start their own peers.
  # A policy that is already there (container images have one) is left as it is.
  if [[ ! -e $policy ]]; then
    remove_policy=true
    root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy"
  fi
  "${apt_update[@]}"
  "${apt_install[@]}" >/dev/null
  if $remove_policy; then root rm -f "$policy"; remove_policy=false; fi
fi

# A Docker engine for the container test, when none answers: dockerd as root (a user's docker
# client reaches it through the socket's group). Without root or sudo the container test skips.
docker_engine=true
if ! docker version >/dev/null 2>&1; then
  if ! $can_root || ! command -v dockerd >/dev/null; then
    echo "test.sh: no Docker engine answers and this user cannot start dockerd (root or sudo): the container test skips" >&2
    docker_engine=false
  elif ((${#as_root[@]})) && [[ -S /var/run/docker.sock ]]; then
    echo "test.sh: a Docker engine runs but this user cannot use it (not in its socket's group, docker?): the container test skips" >&2
    docker_engine=false
  else
    socket_group=()
    if ((${#as_root[@]})); then
      socket_group=(--group "$(id -gn)")
      sudo -v   # asks for the password here, not from the background
    fi
    dockerd_log=$(mktemp /tmp/dockerd.XXXXXX.log)
    root dockerd --bridge=none --iptables=false --ip6tables=false "${socket_group[@]}" >"$dockerd_log" 2>&1 &
    dockerd_pid=$!
    deadline=$((SECONDS + 60))
    until [[ -S /var/run/docker.sock ]] && docker version >/dev/null 2>&1; do
      if ((SECONDS > deadline)) || ! root kill -0 "$dockerd_pid" 2>/dev/null; then
        echo "test.sh: dockerd did not come up; its log:" >&2; tail -30 "$dockerd_log" >&2; exit 1
      fi
      sleep 1
    done
  fi
fi
if $docker_engine; then
  # Stand-ins for mcr.microsoft.com/dotnet/sdk:10.0-noble-aot and runtime-deps:10.0-noble-chiseled (no container
  # registry is reachable); kept from run to run when the images exist. It needs root (debootstrap, chroot).
  root env PATH="$PATH" DOCKER_API_VERSION="$DOCKER_API_VERSION" bash scripts/build-base-images.sh
  # Warm the layer cache with the build the container test makes (same tag and build argument):
  # its own `docker build` is then a cache hit instead of minutes of compiling that would compete
  # with the timing-sensitive tests for the two cores. A failure here is reported by that test.
  docker build --network host -q --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    -t pushexporter:container-test . >/dev/null || echo "test.sh: pre-building the image failed; the container test says why"
fi

dotnet restore PushExporter.sln
dotnet tool restore   # PowerShell 7 (pwsh) for the test of scripts/Export-PushConfiguration.ps1
dotnet build PushExporter.sln --no-restore -c Release
# Code style the compiler does not enforce (IDE1006 naming among them).
dotnet format PushExporter.sln --verify-no-changes --no-restore

# Every test project, with a TRX report per project for the summary line.
set +e
dotnet test --solution PushExporter.sln -c Release --no-build -p:XunitTrxPerProject=true --results-directory "$results"
status=$?
set -e

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -e $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(value total); p=$(value passed); f=$(value failed); e=$(value error)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${total:-0} - ${p:-0} - ${f:-0} - ${e:-0}))
done
# A project without its report would drop out of the sum unseen: count it as a failure.
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  if [[ ! -e $results/$name.trx ]]; then
    echo "test.sh: no TRX report from $name" >&2
    failed=$((failed + 1))
  fi
done
if ((status != 0 && failed == 0)); then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if ((failed > 0 && status == 0)); then status=1; fi
exit "$status"
