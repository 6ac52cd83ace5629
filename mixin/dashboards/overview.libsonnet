// Every Edge target of the selected exporters at a glance; links lead to the Edge detail
// dashboard (a target) and to the runbook section of a reason.
local g = import '../lib/grafana.libsonnet';

{
  local c = $._config,
  local s = 'job=~"$job",instance=~"$instance"',
  local edgeLink = g.link(
    'Edge detail of ${__field.labels.target}',
    '/d/%s?${job:queryparam}&${instance:queryparam}&var-target=${__field.labels.target}&${__url_time_range}' % c.dashboardUids.edge,
  ),

  grafanaDashboards+:: {
    'pushexporter-overview.json': g.dashboard(
      c.dashboardUids.overview,
      'PushExporter / Push notification route — overview',
      'State of the Lync / Skype for Business push notification route of every Edge target probed by PushExporter.',
      c.dashboardTags,
      c.dashboardRefresh,
      c.dashboardTimeFrom,
      [
        g.queryVariable('job', 'Job', 'label_values(pushexporter_build_info, job)'),
        g.queryVariable('instance', 'Instance', 'label_values(pushexporter_build_info{job=~"$job"}, instance)'),
      ],
      [
        g.row('Edge targets'),
        g.table(
          'Push route state per Edge target',
          "One row per Edge target: UP when its last probe succeeded, the failure reason of a failing target (empty when UP), the last probe's total time (the cmdlet's Latency) and the last SIP status. Click a target for its Edge detail dashboard, a reason for its runbook section.",
          'none',
          [
            g.target('max by (target) (pushexporter_probe_success{%s})' % s, instant=true, format='table'),
            g.target('max by (target, reason) (pushexporter_probe_failure_reason{%s} == 1)' % s, instant=true, format='table'),
            g.target('max by (target) (pushexporter_probe_duration_seconds{%s})' % s, instant=true, format='table'),
            g.target('max by (target) (pushexporter_sip_status_code{%s})' % s, instant=true, format='table'),
          ],
        ) + {
          w: 24,
          fieldConfig+: { overrides: [
            { matcher: { id: 'byName', options: 'State' }, properties: [
              { id: 'mappings', value: g.upDown },
              { id: 'custom.cellOptions', value: { type: 'color-background' } },
            ] },
            { matcher: { id: 'byName', options: 'Latency' }, properties: [{ id: 'unit', value: 's' }] },
            { matcher: { id: 'byName', options: 'Target' }, properties: [{ id: 'links', value: [g.link(
              'Edge detail of ${__value.raw}',
              '/d/%s?${job:queryparam}&${instance:queryparam}&var-target=${__value.raw}&${__url_time_range}' % c.dashboardUids.edge,
            )] }] },
            { matcher: { id: 'byName', options: 'Reason' }, properties: [{ id: 'links', value: [g.link(
              'Runbook: ${__value.raw}', c.runbookURLPattern % '${__value.raw}', newTab=true,
            )] }] },
          ] },
          options+: { sortBy: [{ displayName: 'State', desc: false }] },
          transformations: [
            { id: 'joinByField', options: { byField: 'target', mode: 'outer' } },
            { id: 'organize', options: {
              excludeByName: { Time: true, 'Time 1': true, 'Time 2': true, 'Time 3': true, 'Time 4': true, 'Value #B': true },
              renameByName: { target: 'Target', 'Value #A': 'State', reason: 'Reason', 'Value #C': 'Latency', 'Value #D': 'SIP status' },
              indexByName: { target: 0, 'Value #A': 1, reason: 2, 'Value #C': 3, 'Value #D': 4 },
            } },
          ],
        },
        g.bargauge(
          'Availability over the time range',
          "Share of the time range during which the last probe of each Edge target had succeeded: the average of pushexporter_probe_success over the dashboard's range (avg_over_time over $__range). Click a bar for the Edge detail dashboard.",
          'percentunit',
          [g.target('avg by (target) (avg_over_time(pushexporter_probe_success{%s}[$__range]))' % s, '{{target}}', instant=true)],
        ) + {
          fieldConfig+: { defaults+: {
            min: 0,
            max: 1,
            decimals: 2,
            thresholds: g.thresholds([['red', null], ['orange', 0.99], ['green', 0.999]]),
            links: [edgeLink],
          } },
        },
        g.timeseries(
          'Availability over time',
          'Share of the samples of pushexporter_probe_success that saw the route up, per Edge target and window (avg_over_time). A gauge, so no window is empty or jagged the way a rate of a counter that rises once a minute is. Panel min interval 2m: every window holds two probes at the default 60s interval.',
          'percentunit',
          [g.target('avg by (target) (avg_over_time(pushexporter_probe_success{%s}[$__rate_interval]))' % s, '{{target}}')],
        ) + {
          interval: '2m',
          fieldConfig+: { defaults+: { min: 0, max: 1, custom: { lineWidth: 2 }, links: [edgeLink] } },
        },
        g.timeseries(
          'Failures by reason',
          'Failed probes per reason over the rate window, stacked (increase of pushexporter_probe_failures_total, all targets of the selected exporters). Click a reason for its runbook section.',
          'short',
          [g.target('sum by (reason) (increase(pushexporter_probe_failures_total{%s}[$__rate_interval])) > 0' % s, '{{reason}}')],
        ) + {
          interval: '2m',
          fieldConfig+: { defaults+: {
            custom: { stacking: { mode: 'normal', group: 'A' }, drawStyle: 'bars', fillOpacity: 80 },
            links: [g.link('Runbook: ${__field.labels.reason}', c.runbookURLPattern % '${__field.labels.reason}', newTab=true)],
          } },
        },
        g.timeseries(
          'SIP round trip p50 / p95 / p99',
          'Quantiles of the SIP round trip of every answered probe per Edge target, from the pushexporter_probe_latency_seconds histogram. The PushExporterRouteSlow alert fires when p95 stays above %ss for %s.' % [c.slowRouteSeconds, c.slowRouteFor],
          's',
          [
            g.target('histogram_quantile(%s, sum by (target, le) (rate(pushexporter_probe_latency_seconds_bucket{%s}[$__rate_interval])))' % [q, s], '{{target}} p%s' % std.strReplace(q, '0.', ''))
            for q in ['0.5', '0.95', '0.99']
          ],
        ) + {
          interval: '2m',
          fieldConfig+: { defaults+: {
            thresholds: g.thresholds([['green', null], ['orange', c.slowRouteSeconds]]),
            custom: { thresholdsStyle: { mode: 'line' } },
            links: [edgeLink],
          } },
        },
        g.bargauge(
          'Time since last success',
          'Seconds since a probe of each Edge target last succeeded (time() - pushexporter_probe_last_success_timestamp_seconds). Grows while a route is down.',
          's',
          [g.target('time() - max by (target) (pushexporter_probe_last_success_timestamp_seconds{%s})' % s, '{{target}}', instant=true)],
        ) + {
          fieldConfig+: { defaults+: {
            thresholds: g.thresholds([['green', null], ['orange', 120], ['red', 300]]),
            links: [edgeLink],
          } },
        },
        g.bargauge(
          'Days until the Edge certificate expires',
          'Days until the earliest NotAfter in the certificate chain each Edge presents (pushexporter_tls_certificate_expiry_timestamp_seconds). Orange under %d days (warning alert), red under %d days (critical alert).' % [c.certificateWarningDays, c.certificateCriticalDays],
          'd',
          [g.target('(min by (target) (pushexporter_tls_certificate_expiry_timestamp_seconds{%s} > 0) - time()) / 86400' % s, '{{target}}', instant=true)],
        ) + {
          fieldConfig+: { defaults+: {
            decimals: 1,
            thresholds: g.thresholds([['red', null], ['orange', c.certificateCriticalDays], ['green', c.certificateWarningDays]]),
            links: [edgeLink],
          } },
        },
        g.table(
          'Check matrix',
          'The checks of the last probe per Edge target (pushexporter_check_success by check: proxy_uri, im_filter, dns_srv, edge_dns, edge_connect, edge_tls, push_route): ok, failed, or empty when the check did not run.',
          'none',
          [g.target('max by (target, check) (pushexporter_check_success{%s})' % s, instant=true, format='table')],
        ) + {
          fieldConfig+: { defaults+: { mappings: g.okFailed, custom: { cellOptions: { type: 'color-background' } } } },
          transformations: [{ id: 'groupingToMatrix', options: { columnField: 'check', rowField: 'target', valueField: 'Value' } }],
        },
        g.row('Exporter health'),
        g.stat(
          'Scrape status',
          'up of the selected exporter instances: DOWN means Prometheus cannot scrape it and the PushExporterDown alert pages.',
          'none',
          [g.target('up{%s}' % s, '{{instance}}', instant=true)],
        ) + { w: 8, h: 5, fieldConfig+: { defaults+: { mappings: g.upDown } }, options+: { colorMode: 'background' } },
        g.stat(
          'Last configuration reload',
          'pushexporter_config_last_reload_successful: failed means the last reload read an invalid file and the exporter still runs the last good configuration (PushExporterConfigReloadFailed).',
          'none',
          [g.target('pushexporter_config_last_reload_successful{%s}' % s, '{{instance}}', instant=true)],
        ) + { w: 8, h: 5, fieldConfig+: { defaults+: { mappings: g.okFailed } }, options+: { colorMode: 'background' } },
        g.table(
          'Build info',
          'Version and revision of each exporter instance (pushexporter_build_info) and when its configuration was last loaded successfully.',
          'none',
          [
            g.target('pushexporter_build_info{%s}' % s, instant=true, format='table'),
            g.target('pushexporter_config_last_reload_success_timestamp_seconds{%s} * 1000' % s, instant=true, format='table'),
          ],
        ) + {
          w: 8,
          h: 5,
          fieldConfig+: { overrides: [
            { matcher: { id: 'byName', options: 'Last good configuration' }, properties: [{ id: 'unit', value: 'dateTimeAsIso' }] },
          ] },
          transformations: [
            { id: 'joinByField', options: { byField: 'instance', mode: 'outer' } },
            { id: 'organize', options: {
              excludeByName: { 'Time 1': true, 'Time 2': true, 'Value #A': true, __name__: true, 'job 1': true, 'job 2': true, job: true },
              renameByName: { instance: 'Instance', version: 'Version', revision: 'Revision', 'Value #B': 'Last good configuration' },
            } },
          ],
        },
      ],
    ),
  },
}
