// Everything a user of the mixin may want to change, in one place. Override it from your own
// jsonnet:
//
//   (import 'pushexporter-mixin/mixin.libsonnet') + {
//     _config+:: {
//       pushExporterSelector: 'job="lync-push"',
//       docsBaseUrl: 'https://wiki.litwareinc.com/pushexporter/docs',
//       grafanaUrl: 'https://grafana.litwareinc.com',
//     },
//   }
{
  _config+:: {
    // Selects the series of the job that scrapes the exporter's /metrics. It goes between the
    // braces of every alert expression (`up{%(pushExporterSelector)s} == 0`), so that an
    // exporter scraped under another job name is still watched.
    pushExporterSelector: 'job="pushexporter"',

    // Where the pages of docs/ are served. Alerts link to <docsBaseUrl>/runbooks.md#<section>.
    // PLACEHOLDER: the default lies under git.example.com (reserved by RFC 2606 for examples)
    // and leads nowhere. Set it to where your copy of the repository's docs/ folder can be
    // read: a git server's file view (…/blob/main/docs), an internal wiki, a web server.
    docsBaseUrl: 'https://git.example.com/pushexporter/pushexporter/blob/main/docs',
    // %s is the runbook section: a reason (missing_srv, …) or an alert's section (route_down, …).
    runbookURLPattern: self.docsBaseUrl + '/runbooks.md#%s',

    // The Grafana that holds the dashboards below; alerts link to them (dashboard_url).
    // PLACEHOLDER: grafana.example.com leads nowhere; set your Grafana's base URL.
    grafanaUrl: 'https://grafana.example.com',

    // Dashboard uids: stable, so that links and alerts keep working across imports.
    dashboardUids: {
      overview: 'pushexporter-overview',
      edge: 'pushexporter-edge',
      probe: 'pushexporter-probe',
    },
    dashboardTags: ['pushexporter', 'lync', 'sip'],
    dashboardRefresh: '1m',
    dashboardTimeFrom: 'now-6h',

    // The ms-diagnostics code gauge, renamed from *_sip_ms_diagnostics_code (PRODUCT.md's one
    // rename) on /metrics and /probe alike; one line, should an older exporter need the old name.
    sipDiagnosticCodeSuffix: 'sip_diagnostic_code',
    metrics: {
      sipDiagnosticCode: 'pushexporter_' + $._config.sipDiagnosticCodeSuffix,
      probeSipDiagnosticCode: 'probe_' + $._config.sipDiagnosticCodeSuffix,
    },

    // Thresholds. The durations assume the default probe interval of 60s; see alerts/.
    routeDownFor: '2m',
    slowRouteQuantile: 0.95,
    slowRouteSeconds: 2,
    slowRouteWindow: '5m',
    slowRouteFor: '10m',
    staleProbeSeconds: 180,
    targetMissingLookback: '1h',
    targetMissingFor: '5m',
    exporterDownFor: '2m',
    configReloadFailedFor: '5m',
    certificateWarningDays: 21,
    certificateCriticalDays: 7,
    certificateFor: '10m',
    // How long a certificate expiry is remembered when its series is missing (a probe that
    // failed before TLS, a restart): longer than certificateFor, so for: survives the gap.
    certificateLookback: '1h',
    // The Lync exports (scripts/Export-PushConfiguration.ps1, run by a scheduled task): older
    // than this, an export warns as stale. 2 h leaves an hourly task one missed run.
    exportMaxAgeSeconds: 7200,
    exportStaleFor: '10m',
    exportUnreadableFor: '10m',
  },
}
