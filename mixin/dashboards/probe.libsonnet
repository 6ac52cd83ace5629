// The /probe job: Prometheus scrapes /probe?target=NAME blackbox style, one probe per scrape,
// with the blackbox-compatible names of PRODUCT.md (probe_success, probe_duration_seconds, …).
// The scrape configuration relabels the target name into a `target` label
// (deploy/prometheus/prometheus.yml, deploy/kubernetes/probe.yaml).
local g = import '../lib/grafana.libsonnet';

{
  local c = $._config,
  local s = 'job=~"$job",instance=~"$instance",target=~"$target"',
  local runbookLink = g.link('Runbook: ${__field.labels.reason}', c.runbookURLPattern % '${__field.labels.reason}', newTab=true),

  grafanaDashboards+:: {
    'pushexporter-probe.json': g.dashboard(
      c.dashboardUids.probe,
      'PushExporter / Probe job',
      'The blackbox-style /probe job of PushExporter: one probe per scrape, timed by Prometheus. probe_sip_status_code is what tells these series from a blackbox_exporter job.',
      c.dashboardTags,
      c.dashboardRefresh,
      c.dashboardTimeFrom,
      [
        g.queryVariable('job', 'Job', 'label_values(probe_sip_status_code, job)'),
        g.queryVariable('instance', 'Instance', 'label_values(probe_sip_status_code{job=~"$job"}, instance)'),
        g.queryVariable('target', 'Target', 'label_values(probe_sip_status_code{job=~"$job",instance=~"$instance"}, target)'),
      ],
      [
        g.row('Probes'),
        g.stateTimeline(
          'Probe result over time',
          'probe_success of every scrape of /probe per target: UP when the probe succeeded. A gap is a failed scrape (see Scrape status).',
          'none',
          [g.target('max by (target) (probe_success{%s})' % s, '{{target}}')],
        ) + { w: 16, fieldConfig+: { defaults+: { mappings: g.upDown } } },
        g.bargauge(
          'Availability over the time range',
          'Share of the scrapes in the time range whose probe succeeded: avg_over_time(probe_success[$__range]) per target.',
          'percentunit',
          [g.target('avg by (target) (avg_over_time(probe_success{%s}[$__range]))' % s, '{{target}}', instant=true)],
        ) + {
          w: 8,
          fieldConfig+: { defaults+: { min: 0, max: 1, decimals: 2, thresholds: g.thresholds([['red', null], ['orange', 0.99], ['green', 0.999]]) } },
        },
        g.stateTimeline(
          'Failure reason over time',
          'The reason of each failed probe (probe_failure_reason == 1), one line per target and reason. Click a reason for its runbook section.',
          'none',
          [g.target('max by (target, reason) (probe_failure_reason{%s} == 1)' % s, '{{target}}: {{reason}}')],
        ) + {
          fieldConfig+: { defaults+: {
            color: { mode: 'fixed', fixedColor: 'red' },
            mappings: g.valueMappings([{ text: 'OK', color: 'green' }, { text: 'failing', color: 'red' }]),
            links: [runbookLink],
          } },
        },
        g.stateTimeline(
          'SIP status and ms-diagnostics codes over time',
          'The final SIP status of each probe (probe_sip_status_code; 0: no final response) and the ms-diagnostics code of the answer (%s; 0: none), per target.' % c.metrics.probeSipDiagnosticCode,
          'none',
          [
            g.target('max by (target) (probe_sip_status_code{%s})' % s, '{{target}} SIP status'),
            g.target('max by (target) (%s{%s})' % [c.metrics.probeSipDiagnosticCode, s], '{{target}} ms-diagnostics'),
          ],
        ) + {
          fieldConfig+: { defaults+: {
            decimals: 0,
            color: { mode: 'thresholds' },
            mappings: [{ type: 'value', options: { '0': { text: 'none', color: 'text', index: 0 } } }],
            thresholds: g.thresholds([['text', null], ['green', 200], ['yellow', 300], ['orange', 400], ['red', 500], ['orange', 1000]]),
          } },
        },
        g.row('Timing'),
        g.timeseries(
          'Probe duration',
          'Total time of each probe, all phases (probe_duration_seconds). It is bounded by the scrape timeout (X-Prometheus-Scrape-Timeout-Seconds).',
          's',
          [g.target('max by (target) (probe_duration_seconds{%s})' % s, '{{target}}')],
        ),
        g.timeseries(
          'Phase durations',
          'Time of each phase of each probe (probe_phase_duration_seconds): dns, connect, tls, sip.',
          's',
          [g.target('max by (target, phase) (probe_phase_duration_seconds{%s,phase=~"dns|connect|tls|sip"})' % s, '{{target}} {{phase}}')],
        ) + { fieldConfig+: { defaults+: { custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 30 } } } },
        g.timeseries(
          'DNS lookup time',
          'Time of the DNS phase of each probe (probe_dns_lookup_time_seconds): the SRV and A/AAAA lookups.',
          's',
          [g.target('max by (target) (probe_dns_lookup_time_seconds{%s})' % s, '{{target}}')],
        ),
        g.bargauge(
          'Days until the Edge certificate expires',
          'Days until the earliest NotAfter in the chain the Edge presented to the last probe that reached TLS (probe_ssl_earliest_cert_expiry). Orange under %d days, red under %d days.' % [c.certificateWarningDays, c.certificateCriticalDays],
          'd',
          [g.target('(min by (target) (last_over_time(probe_ssl_earliest_cert_expiry{%s}[$__range])) - time()) / 86400' % s, '{{target}}', instant=true)],
        ) + {
          fieldConfig+: { defaults+: {
            decimals: 1,
            thresholds: g.thresholds([['red', null], ['orange', c.certificateCriticalDays], ['green', c.certificateWarningDays]]),
          } },
        },
        g.row('Scrapes'),
        g.stat(
          'Scrape status',
          'up of the /probe scrapes per target: DOWN means the scrape itself failed (exporter unreachable, unknown target name: 400, scrape timeout), not the probe.',
          'none',
          [g.target('max by (target) (up{%s})' % s, '{{target}}', instant=true)],
        ) + { w: 24, h: 5, fieldConfig+: { defaults+: { mappings: g.upDown } }, options+: { colorMode: 'background' } },
      ],
    ),
  },
}
