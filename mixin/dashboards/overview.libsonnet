// Every Edge target of the selected exporters at a glance, by Lync site; links lead to the Edge
// detail dashboard (a target) and to the runbook section of a reason.
local g = import '../lib/grafana.libsonnet';

{
  local c = $._config,
  local s = 'job=~"$job",instance=~"$instance"',
  // The targets of the selected sites: a join with pushexporter_target_info, whose site label
  // is absent for a target without one (the site variable's All is .*, which keeps those).
  local info = 'pushexporter_target_info{%s,site=~"$site"}' % s,
  local inSites(expr) = '%s and on (job, instance, target) %s' % [expr, info],
  // The site of every target, "(no site)" where the label is absent: for grouping by site.
  local siteOf = 'label_replace(%s, "site", "(no site)", "site", "")' % info,
  local bySite = 'pushexporter_probe_success{%s} * on (job, instance, target) group_left (site) %s' % [s, siteOf],
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
        g.queryVariable('site', 'Site', 'label_values(pushexporter_target_info{job=~"$job",instance=~"$instance"}, site)', allValue='.*'),
      ],
      [
        g.row('Edge targets'),
        g.table(
          'Push route state per Edge target',
          "One row per Edge target of the selected sites: its Lync site (pushexporter_target_info), UP when its last probe succeeded, the failure reason of a failing target (empty when UP), the last probe's total time (the cmdlet's Latency) and the last SIP status. Click a target for its Edge detail dashboard, a reason for its runbook section.",
          'none',
          [
            g.target('max by (target) (%s)' % inSites('pushexporter_probe_success{%s}' % s), instant=true, format='table'),
            g.target('max by (target, reason) (%s)' % inSites('pushexporter_probe_failure_reason{%s} == 1' % s), instant=true, format='table'),
            g.target('max by (target) (%s)' % inSites('pushexporter_probe_duration_seconds{%s}' % s), instant=true, format='table'),
            g.target('max by (target) (%s)' % inSites('pushexporter_sip_status_code{%s}' % s), instant=true, format='table'),
            g.target('max by (target, site) (%s)' % info, instant=true, format='table'),
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
              excludeByName: { Time: true, 'Time 1': true, 'Time 2': true, 'Time 3': true, 'Time 4': true, 'Time 5': true, 'Value #B': true, 'Value #E': true },
              renameByName: { target: 'Target', site: 'Site', 'Value #A': 'State', reason: 'Reason', 'Value #C': 'Latency', 'Value #D': 'SIP status' },
              indexByName: { target: 0, site: 1, 'Value #A': 2, reason: 3, 'Value #C': 4, 'Value #D': 5 },
            } },
          ],
        },
        g.table(
          'Push route by site',
          'The Edge targets of each Lync site (the site label of pushexporter_target_info; "(no site)" for targets without one): how many there are, how many succeeded in their last probe, how many fail. Click a site to show only its targets.',
          'none',
          [
            g.target('count by (site) (%s)' % bySite, instant=true, format='table'),
            g.target('sum by (site) (%s)' % bySite, instant=true, format='table'),
            g.target('count by (site) (%s) - sum by (site) (%s)' % [bySite, bySite], instant=true, format='table'),
          ],
        ) + {
          w: 24,
          h: 6,
          fieldConfig+: { overrides: [
            { matcher: { id: 'byName', options: 'Failing' }, properties: [
              { id: 'custom.cellOptions', value: { type: 'color-background' } },
              { id: 'thresholds', value: g.thresholds([['green', null], ['red', 1]]) },
            ] },
            { matcher: { id: 'byName', options: 'Site' }, properties: [{ id: 'links', value: [g.link(
              'Only the targets of ${__value.raw}',
              '/d/%s?${job:queryparam}&${instance:queryparam}&var-site=${__value.raw}&${__url_time_range}' % c.dashboardUids.overview,
            )] }] },
          ] },
          options+: { sortBy: [{ displayName: 'Failing', desc: true }] },
          transformations: [
            { id: 'joinByField', options: { byField: 'site', mode: 'outer' } },
            { id: 'organize', options: {
              excludeByName: { 'Time 1': true, 'Time 2': true, 'Time 3': true },
              renameByName: { site: 'Site', 'Value #A': 'Edges', 'Value #B': 'Up', 'Value #C': 'Failing' },
              indexByName: { site: 0, 'Value #A': 1, 'Value #B': 2, 'Value #C': 3 },
            } },
          ],
        },
        g.bargauge(
          'Availability over the time range',
          "Share of the time range during which the last probe of each Edge target had succeeded: the average of pushexporter_probe_success over the dashboard's range (avg_over_time over $__range). Click a bar for the Edge detail dashboard.",
          'percentunit',
          [g.target('avg by (target) (%s)' % inSites('avg_over_time(pushexporter_probe_success{%s}[$__range])' % s), '{{target}}', instant=true)],
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
          [g.target('avg by (target) (%s)' % inSites('avg_over_time(pushexporter_probe_success{%s}[$__rate_interval])' % s), '{{target}}')],
        ) + {
          interval: '2m',
          fieldConfig+: { defaults+: { min: 0, max: 1, custom: { lineWidth: 2 }, links: [edgeLink] } },
        },
        g.timeseries(
          'Failures by reason',
          'Failed probes per reason over the rate window, stacked (increase of pushexporter_probe_failures_total, all targets of the selected exporters). Click a reason for its runbook section.',
          'short',
          [g.target('sum by (reason) (%s) > 0' % inSites('increase(pushexporter_probe_failures_total{%s}[$__rate_interval])' % s), '{{reason}}')],
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
            g.target('histogram_quantile(%s, sum by (target, le) (%s))' % [q, inSites('rate(pushexporter_probe_latency_seconds_bucket{%s}[$__rate_interval])' % s)], '{{target}} p%s' % std.strReplace(q, '0.', ''))
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
          [g.target('time() - max by (target) (%s)' % inSites('pushexporter_probe_last_success_timestamp_seconds{%s}' % s), '{{target}}', instant=true)],
        ) + {
          fieldConfig+: { defaults+: {
            thresholds: g.thresholds([['green', null], ['orange', 120], ['red', 300]]),
            links: [edgeLink],
          } },
        },
        g.bargauge(
          'Days until the Edge certificate expires',
          "Days until the earliest NotAfter in the certificate chain each Edge presents to the probe (pushexporter_tls_certificate_expiry_timestamp_seconds), and in its external interface's chain as the clearing house sees it (pushexporter_external_tls_certificate_expiry_timestamp_seconds, targets with external_tls_check). Orange under %d days (warning alert), red under %d days (critical alert)." % [c.certificateWarningDays, c.certificateCriticalDays],
          'd',
          [
            g.target('(min by (target) (%s) - time()) / 86400' % inSites('pushexporter_tls_certificate_expiry_timestamp_seconds{%s} > 0' % s), '{{target}}', instant=true),
            g.target('(min by (target) (%s) - time()) / 86400' % inSites('pushexporter_external_tls_certificate_expiry_timestamp_seconds{%s} > 0' % s), '{{target}} external', instant=true),
          ],
        ) + {
          fieldConfig+: { defaults+: {
            decimals: 1,
            thresholds: g.thresholds([['red', null], ['orange', c.certificateCriticalDays], ['green', c.certificateWarningDays]]),
            links: [edgeLink],
          } },
        },
        g.table(
          'Check matrix',
          'The checks of the last probe per Edge target (pushexporter_check_success by check: the configuration audit proxy_uri, im_filter, push_services, federation_enabled, hosting_provider, allowed_domain, then dns_srv, edge_dns, edge_connect, edge_tls, external_tls, push_route): ok, failed, or empty when the check did not run.',
          'none',
          [g.target('max by (target, check) (%s)' % inSites('pushexporter_check_success{%s}' % s), instant=true, format='table')],
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
