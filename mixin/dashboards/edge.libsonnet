// One Edge target of the /metrics job in detail: what it is (site, FQDN, transport, module from
// pushexporter_target_info), state, availability, the check matrix, the Lync exports' health,
// both certificates, reasons and SIP codes over time, phases and round trips.
local g = import '../lib/grafana.libsonnet';

{
  local c = $._config,
  local s = 'job=~"$job",instance=~"$instance",target=~"$target"',
  local runbookLink(field) = g.link('Runbook: %s' % field, c.runbookURLPattern % field, newTab=true),

  grafanaDashboards+:: {
    'pushexporter-edge.json': g.dashboard(
      c.dashboardUids.edge,
      'PushExporter / Edge detail',
      'One Edge target of PushExporter in detail: its site, availability, the check matrix, the health of its Lync exports, its certificates, failure reasons and SIP / ms-diagnostics codes over time, probe phases and round trips.',
      c.dashboardTags,
      c.dashboardRefresh,
      c.dashboardTimeFrom,
      [
        g.queryVariable('job', 'Job', 'label_values(pushexporter_build_info, job)'),
        g.queryVariable('instance', 'Instance', 'label_values(pushexporter_build_info{job=~"$job"}, instance)'),
        g.queryVariable('target', 'Target', 'label_values(pushexporter_probe_success{job=~"$job",instance=~"$instance"}, target)', multi=false),
      ],
      [
        g.row('Probe'),
        g.table(
          'Target',
          'What this target is (pushexporter_target_info): its Lync site (empty when the target sets none; the alerts name Site:<site> or Global from it), the Access Edge FQDN it probes, the transport and the module.',
          'none',
          [g.target('pushexporter_target_info{%s}' % s, instant=true, format='table')],
        ) + {
          w: 8,
          h: 5,
          transformations: [{ id: 'organize', options: {
            excludeByName: { Time: true, Value: true, __name__: true, job: true, instance: true, target: true },
            renameByName: { site: 'Site', access_edge_fqdn: 'Access Edge FQDN', transport: 'Transport', module: 'Module' },
            indexByName: { site: 0, access_edge_fqdn: 1, transport: 2, module: 3 },
          } }],
        },
        g.stat(
          'State',
          'The last probe of this Edge target: UP when it succeeded (pushexporter_probe_success).',
          'none',
          [g.target('pushexporter_probe_success{%s}' % s, '{{target}}', instant=true)],
        ) + { w: 3, h: 5, fieldConfig+: { defaults+: { mappings: g.upDown } }, options+: { colorMode: 'background' } },
        g.stat(
          'Current failure reason',
          'The reason of the last probe when it failed (pushexporter_probe_failure_reason == 1); nothing when the route is up. Click it for its runbook section.',
          'none',
          [g.target('pushexporter_probe_failure_reason{%s} == 1' % s, '{{reason}}', instant=true)],
        ) + {
          w: 5,
          h: 5,
          fieldConfig+: { defaults+: {
            noValue: 'none',
            color: { mode: 'fixed', fixedColor: 'red' },
            links: [runbookLink('${__field.labels.reason}')],
          } },
          options+: { colorMode: 'background', textMode: 'name' },
        },
        g.stat(
          'Availability',
          "Share of the dashboard's time range during which the last probe had succeeded: avg_over_time(pushexporter_probe_success[$__range]).",
          'percentunit',
          [g.target('avg_over_time(pushexporter_probe_success{%s}[$__range])' % s, '{{target}}', instant=true)],
        ) + {
          w: 4,
          h: 5,
          fieldConfig+: { defaults+: { decimals: 2, thresholds: g.thresholds([['red', null], ['orange', 0.99], ['green', 0.999]]) } },
          options+: { colorMode: 'value' },
        },
        g.stat(
          'Last probe duration',
          "Total time of the last probe, all phases together (pushexporter_probe_duration_seconds): the cmdlet's Latency.",
          's',
          [g.target('pushexporter_probe_duration_seconds{%s}' % s, '{{target}}', instant=true)],
        ) + { w: 4, h: 5 },
        g.row('Checks and certificates'),
        g.stateTimeline(
          'Check matrix over time',
          'Each check of each probe (pushexporter_check_success): ok, failed, or no line while it did not run (its export is missing or unreadable, its configuration is absent, or an earlier step failed). The configuration audit (proxy_uri, im_filter, push_services, federation_enabled, hosting_provider, allowed_domain), then dns_srv, edge_dns, edge_connect, edge_tls, external_tls and push_route. Click a check for the runbook table of checks.',
          'none',
          [g.target('pushexporter_check_success{%s}' % s, '{{check}}')],
        ) + {
          w: 24,
          h: 9,
          fieldConfig+: { defaults+: { mappings: g.okFailed, links: [g.link('Runbook: the checks', c.runbookURLPattern % 'checks', newTab=true)] } },
        },
        g.stat(
          'Certificate expires',
          'When the earliest certificate in the chain this Edge presents to the probe expires (pushexporter_tls_certificate_expiry_timestamp_seconds; interface internal of the certificate alert). TLS targets only.',
          'dateTimeFromNow',
          [g.target('pushexporter_tls_certificate_expiry_timestamp_seconds{%s} * 1000 > 0' % s, '{{target}}', instant=true)],
        ) + { w: 12, h: 4 },
        g.stat(
          'External certificate expires',
          "When the earliest certificate in the chain of the Edge's external interface expires, as the clearing house sees it (pushexporter_external_tls_certificate_expiry_timestamp_seconds; interface external of the certificate alert). Targets with external_tls_check only: empty otherwise.",
          'dateTimeFromNow',
          [g.target('pushexporter_external_tls_certificate_expiry_timestamp_seconds{%s} * 1000 > 0' % s, '{{target}}', instant=true)],
        ) + { w: 12, h: 4, fieldConfig+: { defaults+: { noValue: 'not checked' } } },
        g.row('Lync exports'),
        g.stateTimeline(
          'Lync exports readable',
          'Whether each Lync export of this target was read and understood in each probe (pushexporter_lync_export_readable): ok, or unreadable (missing, unreadable, not a regular file, over 4 MiB, not the expected JSON): its checks do not run. Not a Lync fault: PushExporterLyncExportUnreadable warns after %s. Click for its runbook section.' % c.exportUnreadableFor,
          'none',
          [g.target('pushexporter_lync_export_readable{%s}' % s, '{{export}}')],
        ) + {
          w: 12,
          h: 7,
          fieldConfig+: { defaults+: {
            mappings: g.valueMappings([{ text: 'unreadable', color: 'red' }, { text: 'ok', color: 'green' }]),
            links: [runbookLink('export_unreadable')],
          } },
        },
        g.bargauge(
          'Age of the Lync exports',
          'How long ago each Lync export file of this target was last written (time() - pushexporter_lync_export_modified_timestamp_seconds). Orange past half of, red past the %d s after which PushExporterLyncExportStale warns (the export task has stopped). Click for its runbook section.' % c.exportMaxAgeSeconds,
          's',
          [g.target('time() - pushexporter_lync_export_modified_timestamp_seconds{%s}' % s, '{{export}}', instant=true)],
        ) + {
          w: 12,
          h: 7,
          fieldConfig+: { defaults+: {
            thresholds: g.thresholds([['green', null], ['orange', c.exportMaxAgeSeconds / 2], ['red', c.exportMaxAgeSeconds]]),
            links: [runbookLink('export_stale')],
          } },
        },
        g.row('Over time'),
        g.stateTimeline(
          'Failure reason over time',
          'The result of each probe of this Edge target (pushexporter_probe_success: OK or DOWN), and one line per reason it failed with during the time range (pushexporter_probe_failure_reason == 1). Click a reason for its runbook section.',
          'none',
          [
            g.target('pushexporter_probe_success{%s}' % s, 'result'),
            g.target('pushexporter_probe_failure_reason{%s} == 1' % s, '{{reason}}'),
          ],
        ) + {
          w: 24,
          h: 7,
          fieldConfig+: {
            defaults+: {
              color: { mode: 'fixed', fixedColor: 'red' },
              mappings: g.valueMappings([{ text: 'OK', color: 'green' }, { text: 'failing', color: 'red' }]),
              links: [runbookLink('${__field.labels.reason}')],
            },
            overrides: [{ matcher: { id: 'byName', options: 'result' }, properties: [
              { id: 'mappings', value: g.valueMappings([{ text: 'DOWN', color: 'red' }, { text: 'OK', color: 'green' }]) },
              { id: 'links', value: [] },
            ] }],
          },
        },
        g.stateTimeline(
          'SIP status and ms-diagnostics codes over time',
          "The final SIP status of each probe (pushexporter_sip_status_code; 0: no final response) and the ms-diagnostics code of the Edge's answer (%s; 0: none). 2xx green, 4xx orange, 5xx/6xx red. ms-diagnostics: 1008/1009 SRV, 1014 DNS A, 1010/1047 certificate trust and TLS, 1002/1005/1027 federation, 1034/1046 next hop, 16000-16999 IM filter." % c.metrics.sipDiagnosticCode,
          'none',
          [
            g.target('pushexporter_sip_status_code{%s}' % s, 'SIP status'),
            g.target('%s{%s}' % [c.metrics.sipDiagnosticCode, s], 'ms-diagnostics'),
          ],
        ) + {
          w: 24,
          h: 5,
          fieldConfig+: {
            defaults+: {
              decimals: 0,
              color: { mode: 'thresholds' },
              mappings: [{ type: 'value', options: { '0': { text: 'none', color: 'text', index: 0 } } }],
              thresholds: g.thresholds([['text', null], ['green', 200], ['yellow', 300], ['orange', 400], ['red', 500]]),
            },
            overrides: [{ matcher: { id: 'byName', options: 'ms-diagnostics' }, properties: [
              { id: 'thresholds', value: g.thresholds([['text', null], ['orange', 1]]) },
            ] }],
          },
        },
        g.timeseries(
          'Phase durations',
          'Time spent in each phase of the last probe (pushexporter_probe_phase_duration_seconds): dns, connect, tls and sip, stacked. A phase that did not run is absent.',
          's',
          [g.target('pushexporter_probe_phase_duration_seconds{%s,phase=~"dns|connect|tls|sip"}' % s, '{{target}} {{phase}}')],
        ) + { fieldConfig+: { defaults+: { custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 30 } } } },
        g.timeseries(
          'SIP round trip p50 / p95 / p99',
          "Quantiles of the SIP round trip of this Edge target's answered probes (pushexporter_probe_latency_seconds histogram). The slow-route alert threshold is %ss at p95." % c.slowRouteSeconds,
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
          } },
        },
        g.timeseries(
          'Failure reasons',
          'Failed probes of this Edge target per reason over the rate window, stacked (increase of pushexporter_probe_failures_total). Click a reason for its runbook section.',
          'short',
          [g.target('sum by (target, reason) (increase(pushexporter_probe_failures_total{%s}[$__rate_interval])) > 0' % s, '{{target}} {{reason}}')],
        ) + {
          interval: '2m',
          fieldConfig+: { defaults+: {
            custom: { stacking: { mode: 'normal', group: 'A' }, drawStyle: 'bars', fillOpacity: 80 },
            links: [runbookLink('${__field.labels.reason}')],
          } },
        },
        g.timeseries(
          'Probe rate',
          'Probes run per minute for this Edge target (rate of pushexporter_probes_total), and failed probes per minute. One per minute at the default 60s interval; zero means the scheduler is stuck (PushExporterProbesStale).',
          'opm',
          [
            g.target('sum by (target) (rate(pushexporter_probes_total{%s}[$__rate_interval])) * 60' % s, '{{target}} probes'),
            g.target('sum by (target) (rate(pushexporter_probe_failures_total{%s}[$__rate_interval])) * 60' % s, '{{target}} failures'),
          ],
        ) + { interval: '2m' },
      ],
    ),
  },
}
