#!/usr/bin/env bash
# Renders the monitoring mixin into the files the repository ships:
#   alerts/pushexporter.rules.yml                 alert (and recording) rules
#   grafana/dashboards/pushexporter-*.json        Grafana dashboards
#   deploy/kubernetes/prometheusrule.yaml         the same rules as a PrometheusRule
#   deploy/kubernetes/grafana-dashboards.yaml     the dashboards in a ConfigMap for Grafana's sidecar
#
#   mixin/render.sh            write them into the repository
#   mixin/render.sh DIR        write them under DIR instead (the freshness test compares DIR)
#
# Needs jsonnet (apt-get install jsonnet).
set -euo pipefail
mixin=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(dirname "$mixin")}
command -v jsonnet >/dev/null || { echo "render.sh: jsonnet is not installed: apt-get install jsonnet" >&2; exit 2; }
# jsonnet -m creates files, not folders: make the folders of the files first.
jsonnet -J "$mixin" -S -e 'std.join("\n", std.objectFields(import "render.jsonnet"))' \
  | while read -r file; do mkdir -p "$out/$(dirname "$file")"; done
# -m writes one file per field of the result; -S writes the strings as they are.
jsonnet -J "$mixin" -S -m "$out" "$mixin/render.jsonnet" >/dev/null
