// The PushExporter alert rules. Metric names and reasons are the fixed contract of PRODUCT.md.
// Every alert carries the exporter's job and instance labels (the exporter-down inhibition in
// alerts/alertmanager.example.yml relies on them) and, where there is one, the target label.
// Durations assume the default probe interval of 60s; see each rule's comment.
{
  local c = $._config,

  // metric{<the job selector>,<extra matchers>}
  local sel(metric, extra='') =
    '%s{%s}' % [metric, std.join(',', std.filter(function(s) s != '', [c.pushExporterSelector, extra]))],

  local runbook(section) = c.runbookURLPattern % section,

  // 10m → 10 minutes, 1h → 1 hour: a Prometheus duration of one unit, in words.
  local humanize(duration) =
    local n = std.substr(duration, 0, std.length(duration) - 1);
    local unit = { s: 'second', m: 'minute', h: 'hour', d: 'day' }[duration[std.length(duration) - 1]];
    '%s %s%s' % [n, unit, if n == '1' then '' else 's'],

  // Links that open the dashboard on the alert's own series (Grafana's var-<name> parameters).
  local edgeDashboard =
    '%s/d/%s?var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}&var-target={{ $labels.target | urlquery }}'
    % [c.grafanaUrl, c.dashboardUids.edge],
  local overviewDashboard =
    '%s/d/%s?var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}'
    % [c.grafanaUrl, c.dashboardUids.overview],

  // One alert per actionable reason, so that the page says what is wrong and how to fix it.
  // Same for: as the route-down rule, for the same reason: one failed probe never pages.
  // unexpected_response has no alert of its own: PushExporterRouteDown covers it.
  local reasonAlert(alert, reason, what, meaning, fix) = {
    alert: alert,
    expr: '%s == 1' % sel('pushexporter_probe_failure_reason', 'reason="%s"' % reason),
    'for': c.routeDownFor,
    labels: { severity: 'critical' },
    annotations: {
      summary: 'Push notifications via {{ $labels.target }} fail: %s (%s)' % [what, reason],
      description: 'Push notifications through Edge {{ $labels.target }} fail with reason %s: %s Fix: %s' % [reason, meaning, fix],
      runbook_url: runbook(reason),
      dashboard_url: edgeDashboard,
    },
  },

  prometheusAlerts+:: {
    groups+: [
      // The route-down rule and the per-reason rules live in one group so that they are
      // evaluated together: both start firing in the same evaluation, and Alertmanager's
      // group_wait sees the reason alert that inhibits the route-down alert for the same target.
      {
        name: 'pushexporter.route',
        rules: [
          // Why for: 2m. A single failed probe holds pushexporter_probe_success at 0 from the end
          // of that probe to the end of the next one: one interval (60s) plus at most the probe
          // timeout (10s). Prometheus sees it for at most one more scrape interval, so with any
          // scrape interval up to 50s a single failure is visible for less than 2m and never
          // pages. The alert pages once the route has been seen down for two whole probe
          // intervals (with 60s sampling: from the third consecutive failed probe; two failures
          // then recovery do not). A target whose interval is overridden above 60s needs
          // for: >= 2 x its interval.
          {
            alert: 'PushExporterRouteDown',
            expr: '%s == 0' % sel('pushexporter_probe_success'),
            'for': c.routeDownFor,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Push notification route down on {{ $labels.target }}',
              description: 'Push notifications through Edge {{ $labels.target }} have failed for at least two probe intervals; last reason: {{ with printf "pushexporter_probe_failure_reason{job=%q,instance=%q,target=%q} == 1" $labels.job $labels.instance $labels.target | query }}{{ . | first | label "reason" }}{{ else }}unknown{{ end }}. Check the Edge first (Test-CsAVEdgeConnectivity), apply the fix in the runbook section of that reason, then confirm with Test-CsMcxPushNotification -AccessEdgeFqdn <edge fqdn>.',
              runbook_url: runbook('route_down'),
              dashboard_url: edgeDashboard,
            },
          },
          reasonAlert(
            'PushExporterMissingSrv',
            'missing_srv',
            'DNS SRV record missing',
            'the _sipfederationtls._tcp SRV record of the SIP domain is missing or does not point at the Edge (ms-diagnostics 1008/1009), so the clearing house cannot route back to it.',
            "publish _sipfederationtls._tcp.<sip domain> SRV (port 5061) -> the Edge's external FQDN and fix the Edge's own DNS; confirm with Resolve-DnsName -Type SRV _sipfederationtls._tcp.<sip domain>.",
          ),
          reasonAlert(
            'PushExporterServerTimeout',
            'server_timeout',
            '504 Server time-out from the Edge',
            'the Edge answered 504 (Server time-out): it cannot resolve or reach the push notification clearing house push.lync.com.',
            "check the SRV record _sipfederationtls._tcp.<sip domain> -> the Edge and the Edge's external DNS, and allow outbound TCP 5061 to sipfed.online.lync.com; confirm with Test-CsMcxPushNotification -AccessEdgeFqdn <edge fqdn>.",
          ),
          reasonAlert(
            'PushExporterRejected',
            'rejected',
            'push notification request rejected',
            'the push notification request was rejected (403/488/606 or IM filter ms-diagnostics 16000-16999), usually because URL filtering blocks the http: and https: prefixes.',
            'check (Get-CsImFilterConfiguration -Identity Global).Prefixes, then Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove="http:"} and Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove="https:"} on the scope that blocks.',
          ),
          reasonAlert(
            'PushExporterBadUri',
            'bad_uri',
            'PushNotificationProxyUri is wrong',
            'the effective PushNotificationProxyUri of the Mcx configuration is missing, malformed or not sip:push@push.lync.com.',
            'Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri "sip:push@push.lync.com".',
          ),
          reasonAlert(
            'PushExporterPushDisabled',
            'push_disabled',
            'push notifications are switched off',
            'the effective push notification configuration has the required service switched off (EnableApplePushNotificationService, EnableMicrosoftPushNotificationService), so the server sends no push notifications at all.',
            'Set-CsPushNotificationConfiguration -Identity <the scope named in the probe fix> -EnableApplePushNotificationService $True (and -EnableMicrosoftPushNotificationService $True for Windows Phone).',
          ),
          reasonAlert(
            'PushExporterBlockedPrefix',
            'blocked_prefix',
            'IM filter blocks http:/https:',
            'an enabled IM filter with action Block lists the http: or https: prefix, so every push notification will be rejected.',
            'Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove="http:"} and Set-CsImFilterConfiguration -Identity site:Redmond -Prefixes @{remove="https:"} on the blocking scope (Global or site:<site>).',
          ),
          reasonAlert(
            'PushExporterFederationDenied',
            'federation_denied',
            'not allowed to federate with push.lync.com',
            'the Edge may not route to push.lync.com (ms-diagnostics 1002/1005/1027 or 403 not federated): push.lync.com is missing from the allowed domains or the LyncOnline hosting provider.',
            'New-CsAllowedDomain -Identity "push.lync.com" and New-CsHostingProvider -Identity "LyncOnline" -Enabled $True -ProxyFqdn "sipfed.online.lync.com" -VerificationLevel UseSourceVerification; check with Get-CsAllowedDomain and Get-CsHostingProvider.',
          ),
          reasonAlert(
            'PushExporterTlsFailed',
            'tls_failed',
            'TLS to the Edge failed',
            'the TLS handshake with the Edge failed (certificate expired, untrusted or wrong name; ms-diagnostics 1010 for the next hop).',
            'inspect the Edge certificates with Get-CsCertificate, renew and assign with Set-CsCertificate -Type <type> -Thumbprint <thumbprint>, and make sure the issuing CA is trusted.',
          ),
          reasonAlert(
            'PushExporterDnsError',
            'dns_error',
            'Edge FQDN does not resolve',
            'the Edge FQDN (or the next hop, ms-diagnostics 1014) does not resolve to an address.',
            "fix the Edge's A/AAAA record; confirm with Resolve-DnsName <edge fqdn>.",
          ),
          reasonAlert(
            'PushExporterConnectFailed',
            'connect_failed',
            'cannot connect to the Edge',
            'the TCP/UDP connection to the Edge was refused or the Edge is unreachable.',
            'check the Edge first (Test-CsAVEdgeConnectivity, Get-CsWindowsService on the Edge) and the firewall on port 5061.',
          ),
          reasonAlert(
            'PushExporterTimeout',
            'timeout',
            'no answer from the Edge',
            'no final SIP response arrived within the probe timeout: the Edge or the next hop drops the request.',
            'check the Edge first (Test-CsAVEdgeConnectivity, Get-CsWindowsService on the Edge), then its route to push.lync.com with Test-CsMcxPushNotification -AccessEdgeFqdn <edge fqdn>.',
          ),

          // The p95 SIP round trip per target over 5m windows. 2s is far above a healthy round
          // trip through the Edge to push.lync.com (tens to hundreds of ms) and means
          // retransmissions (RFC 3261 Timer E fires at 500ms, 1s, 2s) or a slow next hop, while
          // still well below the 10s probe timeout that would turn into reason timeout.
          // for: 10m ignores short spikes.
          {
            alert: 'PushExporterRouteSlow',
            expr: |||
              histogram_quantile(%(quantile)s,
                sum by (job, instance, target, le) (rate(%(buckets)s[%(window)s]))
              ) > %(threshold)s
            ||| % {
              quantile: c.slowRouteQuantile,
              buckets: sel('pushexporter_probe_latency_seconds_bucket'),
              window: c.slowRouteWindow,
              threshold: c.slowRouteSeconds,
            },
            'for': c.slowRouteFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Push notification route slow on {{ $labels.target }}',
              description: "The p%(percentile)d SIP round trip of push notification probes through Edge {{ $labels.target }} is {{ $value | printf \"%%.2f\" }}s (threshold %(threshold)ss) for %(for)s; reason: slow_route. Fix: compare the dns, connect, tls and sip phases on the Edge detail dashboard, then check the Edge's load and its route to push.lync.com with Test-CsMcxPushNotification -AccessEdgeFqdn <edge fqdn>." % {
                percentile: c.slowRouteQuantile * 100,
                threshold: c.slowRouteSeconds,
                'for': humanize(c.slowRouteFor),
              },
              runbook_url: runbook('slow_route'),
              dashboard_url: edgeDashboard,
            },
          },

          // Three default intervals (3 x 60s). A healthy target is observed at most one probe
          // interval plus one scrape interval plus the probe timeout (10s) old, so 180s only
          // trips when the scheduler is stuck. The guard > 0 skips targets that have never
          // completed a probe.
          {
            alert: 'PushExporterProbesStale',
            expr: |||
              time() - %(ts)s > %(seconds)d
              and %(ts)s > 0
            ||| % { ts: sel('pushexporter_probe_last_run_timestamp_seconds'), seconds: c.staleProbeSeconds },
            labels: { severity: 'critical' },
            annotations: {
              summary: 'PushExporter stopped probing {{ $labels.target }}',
              description: "The last probe of Edge {{ $labels.target }} by {{ $labels.instance }} finished {{ $value | humanizeDuration }} ago, more than %ds (three default probe intervals); reason: stale_probes. The exporter is stuck and push notification failures go unnoticed. Fix: look at the exporter's log and status page, then restart it (systemctl restart pushexporter, or Restart-Service PushExporter on Windows)." % c.staleProbeSeconds,
              runbook_url: runbook('stale_probes'),
              dashboard_url: edgeDashboard,
            },
          },
        ],
      },
      {
        name: 'pushexporter.exporter',
        rules: [
          // The job is the one the selector names (pushExporterSelector; default: the example
          // scrape configuration's job_name pushexporter). for: 2m rides out a restart; a
          // longer outage leaves every Edge unwatched.
          {
            alert: 'PushExporterDown',
            expr: '%s == 0' % sel('up'),
            'for': c.exporterDownFor,
            labels: { severity: 'critical' },
            annotations: {
              summary: 'PushExporter {{ $labels.instance }} is down',
              description: 'Prometheus cannot scrape PushExporter {{ $labels.instance }} (job {{ $labels.job }}); reason: exporter_down. No Edge push route is being watched by it. Fix: check the service (systemctl status pushexporter, or Get-Service PushExporter on Windows), its log and curl http://{{ $labels.instance }}/-/healthy.',
              runbook_url: runbook('exporter_down'),
              dashboard_url: overviewDashboard,
            },
          },

          // A target that the exporter reported within the lookback (1h) and no longer reports,
          // while the exporter itself is scraped: it was removed from the configuration (a
          // reload, or a restart with another file), so its push route is not watched any more.
          // pushexporter_probes_total is there from the start for every configured target, so a
          // restart does not trip it; the exporter being down is PushExporterDown's (and
          // up == 1 keeps this one quiet meanwhile). A target removed on purpose warns until
          // the lookback has passed: silence it for that long.
          {
            alert: 'PushExporterTargetMissing',
            expr: |||
              group by (job, instance, target) (last_over_time(%(probes)s[%(lookback)s]))
              unless on (job, instance, target) %(probes)s
              and on (job, instance) %(up)s == 1
            ||| % { probes: sel('pushexporter_probes_total'), up: sel('up'), lookback: c.targetMissingLookback },
            'for': c.targetMissingFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'PushExporter no longer reports target {{ $labels.target }}',
              description: 'PushExporter {{ $labels.instance }} reported Edge {{ $labels.target }} within the last %(lookback)s but no longer does, although it is scraped; reason: target_missing. The push route through that Edge is not watched any more: the target was removed or renamed in the configuration. Fix: if that was not intended, restore the target, run pushexporter check-config --config.file <file> and POST /-/reload; if it was, silence this alert for %(lookback)s.' % { lookback: c.targetMissingLookback },
              runbook_url: runbook('target_missing'),
              dashboard_url: overviewDashboard,
            },
          },

          // A failed reload keeps the last good configuration, so this warns instead of paging.
          // for: 5m leaves time to fix and reload a file that was just saved half-edited.
          {
            alert: 'PushExporterConfigReloadFailed',
            expr: '%s == 0' % sel('pushexporter_config_last_reload_successful'),
            'for': c.configReloadFailedFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'PushExporter {{ $labels.instance }} configuration reload failed',
              description: 'The last configuration reload of PushExporter {{ $labels.instance }} failed; reason: config_reload_failed. It still runs the last good configuration. Fix: run pushexporter check-config --config.file <file>, correct the reported keys and lines, then POST /-/reload (or send SIGHUP where there is one).',
              runbook_url: runbook('config_reload_failed'),
              dashboard_url: overviewDashboard,
            },
          },
        ],
      },
      {
        name: 'pushexporter.certificates',
        // Both severities share the alert name; Alertmanager's inhibit rule lets the critical
        // one silence the warning for the same target. for: 10m rides out a probe that did not
        // reach TLS. The exporter drops the expiry series while the last probe failed before
        // TLS; last_over_time bridges such gaps (up to certificateLookback), so that for: does
        // not start over. The guard > 0 skips a target whose TLS step has not run.
        local expiring(days, severity) = {
          alert: 'PushExporterEdgeCertificateExpiring',
          expr: |||
            (%(expiry)s - time()) / 86400 < %(days)d
            and %(expiry)s > 0
          ||| % {
            expiry: 'last_over_time(%s[%s])' % [sel('pushexporter_tls_certificate_expiry_timestamp_seconds'), c.certificateLookback],
            days: days,
          },
          'for': c.certificateFor,
          labels: { severity: severity },
          annotations: {
            summary: 'Edge certificate of {{ $labels.target }} expires in under %d days' % days,
            description: 'The earliest certificate in the chain presented by Edge {{ $labels.target }} expires in {{ $value | printf "%%.1f" }} days (threshold %d days); reason: certificate_expiry, then tls_failed once it has expired. Fix: Get-CsCertificate on the Edge, request a new certificate and assign it with Set-CsCertificate -Type <type> -Thumbprint <thumbprint>.' % days,
            runbook_url: runbook('certificate_expiry'),
            dashboard_url: edgeDashboard,
          },
        },
        rules: [
          expiring(c.certificateWarningDays, 'warning'),
          expiring(c.certificateCriticalDays, 'critical'),
        ],
      },
    ],
  },
}
