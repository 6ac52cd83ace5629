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

  // 7200 → 2 hours, 90 → 90 seconds: a number of seconds in the largest whole unit.
  local humanizeSeconds(seconds) =
    local unit = if seconds % 3600 == 0 then ['hour', 3600] else if seconds % 60 == 0 then ['minute', 60] else ['second', 1];
    local n = seconds / unit[1];
    '%d %s%s' % [n, unit[0], if n == 1 then '' else 's'],

  // The exports of the configuration audit (PRODUCT.md, step 1): the file the export script
  // writes into lync_export_dir, its cmdlet, and the checks that read it.
  local exports = [
    ['mcx', 'mcx.json', 'Get-CsMcxConfiguration', 'the check proxy_uri'],
    ['im_filter', 'imfilter.json', 'Get-CsImFilterConfiguration', 'the check im_filter'],
    ['push_notification', 'pushnotification.json', 'Get-CsPushNotificationConfiguration', 'the check push_services'],
    ['access_edge', 'accessedge.json', 'Get-CsAccessEdgeConfiguration', 'the check federation_enabled'],
    ['hosting_providers', 'hostingproviders.json', 'Get-CsHostingProvider', "the check hosting_provider (and allowed_domain's ProxyFqdn clash)"],
    ['allowed_domains', 'alloweddomains.json', 'Get-CsAllowedDomain', 'the check allowed_domain'],
  ],
  // A Go template that picks the text of the alert's export label from `exports`.
  local byExport(text, otherwise) =
    std.join('', ['{{ %sif eq $labels.export "%s" }}%s' % [if i == 0 then '' else 'else ', exports[i][0], text(exports[i])] for i in std.range(0, std.length(exports) - 1)])
    + '{{ else }}%s{{ end }}' % otherwise,
  local exportFile = '{{ $labels.export }} (' + byExport(function(e) '%s by default, written from %s' % [e[1], e[2]], 'a file of lync_export_dir') + ')',
  local exportCheck = byExport(function(e) e[3], 'its check'),

  // Links that open the dashboard on the alert's own series (Grafana's var-<name> parameters).
  local edgeDashboard =
    '%s/d/%s?var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}&var-target={{ $labels.target | urlquery }}'
    % [c.grafanaUrl, c.dashboardUids.edge],
  local overviewDashboard =
    '%s/d/%s?var-job={{ $labels.job | urlquery }}&var-instance={{ $labels.instance | urlquery }}'
    % [c.grafanaUrl, c.dashboardUids.overview],

  // Go-template pieces for annotations that need more than the alert's own labels: each queries
  // a series of the alert's own target (its job, instance and target labels). Prometheus runs
  // the query when it renders the annotation; promtool's unit tests do the same.
  //   ofTarget('pushexporter_check_success', [['check', '=~', 'a|b']], ' == 0')
  //   → printf "pushexporter_check_success{job=%q,instance=%q,target=%q,check=~%q} == 0" … "a|b" | query
  local ofTarget(metric, matchers=[], suffix='') =
    'printf "%s{job=%%q,instance=%%q,target=%%q%s}%s" $labels.job $labels.instance $labels.target%s | query' % [
      metric,
      std.join('', [',%s%s%%q' % [m[0], m[1]] for m in matchers]),
      suffix,
      std.join('', [' "%s"' % m[2] for m in matchers]),
    ],

  // Where to read what only the probe knows (the scope that holds a value, the evidence, the SIP
  // exchange): the status page of the exporter and its debug probe.
  local probeFix = "the probe's fix (on the status page of PushExporter {{ $labels.instance }}, or /probe?target={{ $labels.target }}&debug=true)",

  // The Lync scope whose setting applies to the alert's target, from the site label of
  // pushexporter_target_info: never a documentation placeholder, and never a scope said to exist
  // when the export may not have it (the probe's fix names the one that does).
  local siteScope(prefix='', unknown="the scope named in the probe's fix") =
    '{{ with %s }}{{ with . | first | label "site" }}%sSite:{{ . }} if that scope exists, else Global{{ else }}%sGlobal (the target has no site){{ end }}{{ else }}%s{{ end }}'
    % [ofTarget('pushexporter_target_info'), prefix, prefix, unknown],

  // The target's access_edge_fqdn from pushexporter_target_info, for commands to paste.
  local edgeFqdn = '{{ with %s }}{{ . | first | label "access_edge_fqdn" }}{{ else }}<edge fqdn>{{ end }}' % ofTarget('pushexporter_target_info'),

  // The failing checks among `checks` (a regex), comma-separated and sorted, after `before`;
  // nothing at all when none is found.
  local failingChecks(checks, before, after='') =
    '{{ with %s | sortByLabel "check" }}%s{{ range $i, $s := . }}{{ if $i }}, {{ end }}{{ $s | label "check" }}{{ end }}%s{{ end }}'
    % [ofTarget('pushexporter_check_success', [['check', '=~', checks]], ' == 0'), before, after],

  // Sets $check to the (first) failing check among `checks`, "" when none is found.
  local setCheck(checks) =
    '{{ $check := "" }}{{ with %s }}{{ $check = . | first | label "check" }}{{ end }}'
    % ofTarget('pushexporter_check_success', [['check', '=~', checks]], ' == 0'),

  // Sets $code to the ms-diagnostics code of the Edge's last answer, "" when there was none.
  local setCode =
    '{{ $code := "" }}{{ with %s }}{{ $code = . | first | value | printf "%%.0f" }}{{ end }}'
    % ofTarget(c.metrics.sipDiagnosticCode, [], ' > 0'),

  // The federation fix looks before it creates: Microsoft says never to add a second hosting
  // provider for the same ProxyFqdn (hybrid sites have one), and Set-CsHostingProvider has no
  // -ProxyFqdn; an allowed domain carrying that ProxyFqdn too stops the Access Edge (CU3).
  local lookFirst =
    'look before you create. (1) Get-CsAllowedDomain -Identity "push.lync.com": only if there is none, New-CsAllowedDomain -Identity "push.lync.com", without -ProxyFqdn (an allowed domain that carries the ProxyFqdn sipfed.online.lync.com of a hosting provider stops the Access Edge from starting after CU3: remove the ProxyFqdn from the allowed domain). (2) Get-CsHostingProvider | Where-Object ProxyFqdn -eq "sipfed.online.lync.com": one that is disabled, Set-CsHostingProvider -Identity <its Identity> -Enabled $True; only if there is none, New-CsHostingProvider -Identity "LyncOnline" -Enabled $True -ProxyFqdn "sipfed.online.lync.com" -VerificationLevel UseSourceVerification (never a second provider for that ProxyFqdn: hybrid sites have one already). (3) If (Get-CsAccessEdgeConfiguration).AllowFederatedUsers is False, Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True. %s says what it found.' % (std.asciiUpper(probeFix[0]) + probeFix[1:]),
  // The checks whose TLS can fail: the probe → Edge, the external interface, the Edge → clearing house.
  local tlsHops = 'edge_tls|external_tls|push_route',

  // One alert per actionable reason, so that the page says what is wrong and how to fix it.
  // Same for: as the route-down rule, for the same reason: one failed probe never pages.
  // unexpected_response has no alert of its own: PushExporterRouteDown covers it.
  // fix null: the meaning carries its own "Fix: " (a text that branches on the hop or the code).
  local reasonAlert(alert, reason, what, meaning, fix) = {
    alert: alert,
    expr: '%s == 1' % sel('pushexporter_probe_failure_reason', 'reason="%s"' % reason),
    'for': c.routeDownFor,
    labels: { severity: 'critical' },
    annotations: {
      summary: 'Push notifications via {{ $labels.target }} fail: %s (%s)' % [what, reason],
      description: 'Push notifications through Edge {{ $labels.target }} fail with reason %s: %s' % [reason, if fix == null then meaning else '%s Fix: %s' % [meaning, fix]],
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
              description: 'Push notifications through Edge {{ $labels.target }} have failed for at least two probe intervals; last reason: {{ with %s }}{{ . | first | label "reason" }}{{ else }}unknown{{ end }}. Check the Edge first (Get-CsWindowsService on the Edge; Test-CsAVEdgeConnectivity tests only the A/V Edge), apply the fix in the runbook section of that reason, then confirm with Test-CsMcxPushNotification -AccessEdgeFqdn %s.' % [ofTarget('pushexporter_probe_failure_reason', [], ' == 1'), edgeFqdn],
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
            'the Edge answered 504 (Server time-out), or ms-diagnostics 1046/1034 (it could not connect to the next hop, or the next hop gave no diagnostics): it cannot resolve or reach the push notification clearing house push.lync.com.',
            "check the SRV record _sipfederationtls._tcp.<sip domain> -> the Edge and the Edge's external DNS, and allow outbound TCP 5061 to sipfed.online.lync.com; a 504 is also what push.lync.com missing from the allowed domains looks like (Get-CsAllowedDomain -Identity \"push.lync.com\"); confirm with Test-CsMcxPushNotification -AccessEdgeFqdn %s." % edgeFqdn,
          ),
          reasonAlert(
            'PushExporterRejected',
            'rejected',
            'push notification request rejected',
            'the push notification request was rejected (403/488/606, or ms-diagnostics 16000-16999: the IM filter), usually because URL filtering blocks the http: and https: prefixes.',
            'find the scope whose IM filter lists them with Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes (%s), then Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove="http:"} and Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove="https:"}. If no scope lists them, the refusal came from the Edge or behind it: read the SIP exchange on /probe?target={{ $labels.target }}&debug=true.'
            % siteScope('the one that applies to this Edge: ', 'the one that applies to the Front Ends that use this Edge'),
          ),
          reasonAlert(
            'PushExporterBadUri',
            'bad_uri',
            'PushNotificationProxyUri is wrong',
            'the effective PushNotificationProxyUri of the exported Mcx configuration is missing, malformed or not sip:push@push.lync.com, so push notifications take the wrong route. The scope that holds it is named in %s; for this Edge: %s.'
            % [probeFix, siteScope('Service:WebServer:<front_end_pool> if the target sets front_end_pool and that scope exists, else ')],
            'Get-CsMcxConfiguration | Set-CsMcxConfiguration -PushNotificationProxyUri "sip:push@push.lync.com" sets it on every scope (or Set-CsMcxConfiguration -Identity <that scope> for the one alone); then export the configuration again.',
          ),
          reasonAlert(
            'PushExporterPushDisabled',
            'push_disabled',
            'push notifications are switched off',
            'the effective push notification configuration has the required service switched off (EnableApplePushNotificationService for iPhone and iPad, EnableMicrosoftPushNotificationService for Windows Phone; both are off after installation), so the server sends no push notifications at all. The scope that switches it off is named in %s; for this Edge: %s.'
            % [probeFix, siteScope()],
            'Set-CsPushNotificationConfiguration -Identity <that scope> -EnableApplePushNotificationService $True (and -EnableMicrosoftPushNotificationService $True for Windows Phone); check with Get-CsPushNotificationConfiguration, then export the configuration again.',
          ),
          reasonAlert(
            'PushExporterBlockedPrefix',
            'blocked_prefix',
            'IM filter blocks http:/https:',
            'the exported IM filter configuration that applies to this Edge is enabled, its action is Block and it lists http: or https:, so every push notification will be rejected. The scope that blocks is named in %s; for this Edge: %s.'
            % [probeFix, siteScope()],
            'Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove="http:"} and Set-CsImFilterConfiguration -Identity <that scope> -Prefixes @{remove="https:"}; check with Get-CsImFilterConfiguration | Select-Object Identity, Enabled, Action, Prefixes, then export the configuration again.',
          ),
          // The failing checks and the ms-diagnostics code say which cause it is: the audit's
          // federation_enabled / hosting_provider / allowed_domain, or the Edge's answer
          // (push_route): 1002 the sender, 1027 likely the request type, 1005 / 403 the route.
          reasonAlert(
            'PushExporterFederationDenied',
            'federation_denied',
            'not allowed to federate with push.lync.com',
            setCode
            + 'the Edge may not route to push.lync.com as a federated partner'
            + failingChecks('federation_enabled|hosting_provider|allowed_domain|push_route', ' (failing check: ', '{{ if $code }}, ms-diagnostics {{ $code }}{{ end }})')
            + '. '
            + '{{ if eq $code "1002" }}'
            + "1002 says the sender may not communicate with federated partners, not the route: likely the probe's from_uri, whose domain is not a SIP domain of this deployment or whose user's external access policy does not allow federation; the alternative is federation switched off on the Access Edge. Fix: Get-CsSipDomain must list the from_uri's domain; for a user, Get-CsExternalAccessPolicy -Identity <its policy> must show EnableFederationAccess True (Set-CsExternalAccessPolicy -Identity <its policy> -EnableFederationAccess $True); else Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True."
            + '{{ else if eq $code "1027" }}'
            + "1027 says this type of request cannot be routed to federated partners: likely the probe's request (OPTIONS, the default push_route module); the alternative is that federation to push.lync.com is closed. Fix: probe with the push_message module (MESSAGE); if that is refused too, "
            + lookFirst
            + '{{ else }}'
            + 'push.lync.com is not an allowed domain, no enabled hosting provider has ProxyFqdn sipfed.online.lync.com, or federation is off on the Access Edge (with ms-diagnostics 1002 it would be the sender instead). Fix: '
            + lookFirst
            + '{{ end }}',
            null,
          ),
          // One alert for the reason, not one per hop: the reason label, the route-down inhibition
          // and the runbook section stay one per reason, and a page does not change its name when
          // a probe fails earlier. Its summary and text follow the failing check instead: three
          // hops fail TLS, each with another certificate and another fix.
          reasonAlert(
            'PushExporterTlsFailed',
            'tls_failed',
            '{{ $check := "" }}{{ with %s }}{{ $check = . | first | label "check" }}{{ end }}TLS failed on {{ if eq $check "push_route" }}the Edge → clearing house hop{{ else if eq $check "external_tls" }}the Edge\'s external interface{{ else if eq $check "edge_tls" }}the probe → Edge hop{{ else }}a hop of the route{{ end }}'
            % ofTarget('pushexporter_check_success', [['check', '=~', tlsHops]], ' == 0'),
            setCheck(tlsHops)
            + setCode
            + '{{ if eq $check "push_route" }}'
            + "the Edge → clearing house hop (check push_route{{ if $code }}, ms-diagnostics {{ $code }}{{ end }}): the Edge could not establish certificate trust or complete TLS with the clearing house (sipfed.online.lync.com:5061). This is not the Edge's own certificate, and the probe's TLS to the Edge worked. Fix: on the Edge, trust DigiCert Global Root G2 (the clearing house's root since 2022, after Baltimore CyberTrust Root) in the Local Computer's Trusted Root Certification Authorities, Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object Subject -like \"*DigiCert Global Root G2*\", and offer TLS 1.2 on outgoing connections (Schannel TLS 1.2 client, .NET SchUseStrongCrypto); confirm with Test-CsMcxPushNotification -AccessEdgeFqdn %s." % edgeFqdn
            + '{{ else if eq $check "external_tls" }}'
            + "the Edge's external interface as the clearing house sees it (check external_tls): its certificate is not trusted by the public roots (or external_tls_ca_file), does not name external_edge_fqdn, has expired, or no TLS 1.2 handshake completed. Likely the clearing house then cannot validate the Edge (inferred; the alternative is that only federation partners are affected). Fix: Get-CsCertificate -Type AccessEdgeExternal on the Edge; a certificate from a public CA that names the external FQDN, assigned with Set-CsCertificate -Type AccessEdgeExternal -Thumbprint <thumbprint>, and TLS 1.2 enabled."
            + '{{ else if eq $check "edge_tls" }}'
            + "the probe's TLS to the Edge (check edge_tls): the certificate the Edge presents has expired, is not trusted by the probe's tls.ca_file (or the system's roots), does not name tls.server_name, or the Edge wanted a client certificate. Fix: on the Edge, Get-CsCertificate | Select-Object Use, Subject, NotAfter, Thumbprint; renew and assign with Set-CsCertificate -Type <Use> -Thumbprint <thumbprint> (Internal for the internal interface), and make sure the probe trusts the issuing CA."
            + '{{ else }}'
            + 'no failing edge_tls, external_tls or push_route check was found to say which hop. Fix: follow %s; the runbook covers each hop.' % probeFix
            + '{{ end }}',
            null,
          ),
          reasonAlert(
            'PushExporterDnsError',
            'dns_error',
            'a name on the route does not resolve',
            'a name on the route does not resolve to an address%s: the Edge FQDN (edge_dns), the external FQDN the clearing house uses (external_tls), or, on the Edge, the next hop towards push.lync.com (push_route, ms-diagnostics 1014).'
            % failingChecks('dns_srv|edge_dns|external_tls|push_route', ' (failing check: ', ')'),
            "for edge_dns, the Edge's A/AAAA record (Resolve-DnsName %s); for external_tls, the A record of external_edge_fqdn in public DNS; for 1014, the Edge's external DNS servers (on the Edge: Resolve-DnsName sipfed.online.lync.com)." % edgeFqdn,
          ),
          reasonAlert(
            'PushExporterConnectFailed',
            'connect_failed',
            'cannot connect to the Edge',
            'the TCP/UDP connection to the Edge was refused or the Edge is unreachable%s.'
            % failingChecks('edge_connect|external_tls|push_route', ' (failing check: ', ')'),
            'check the Edge first: the Access Edge service (Get-CsWindowsService on the Edge) and the firewall on its port (Test-NetConnection %s -Port <the target port, 5061 by default>); Test-CsAVEdgeConnectivity tests only the A/V Edge. For external_tls, the probe may not reach the external interface from where it runs: check from outside, or switch external_tls_check off for this target.' % edgeFqdn,
          ),
          reasonAlert(
            'PushExporterTimeout',
            'timeout',
            'no answer from the Edge',
            'no final SIP response arrived within the probe timeout: the Edge or the next hop drops the request.',
            'check the Edge first (Get-CsWindowsService on the Edge; Test-CsAVEdgeConnectivity tests only the A/V Edge), then its route to push.lync.com with Test-CsMcxPushNotification -AccessEdgeFqdn %s.' % edgeFqdn,
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
        // one silence the warning for the same target and interface. for: 10m rides out a probe
        // that did not reach TLS. The exporter keeps the expiry while later probes fail before
        // TLS, and drops it on a restart until the next TLS step; last_over_time bridges such
        // gaps (up to certificateLookback), so that for: does not start over. The guard > 0
        // skips a target whose TLS step has not run. Two certificates, one rule each: the one
        // the Edge presents to the probe (interface internal: the access_edge_fqdn the probe
        // connects to, normally the internal interface) and the external interface's as the
        // clearing house sees it (external_tls_check targets only).
        local expiring(metric, interface, days, severity) = {
          alert: 'PushExporterEdgeCertificateExpiring',
          expr: |||
            (%(expiry)s - time()) / 86400 < %(days)d
            and %(expiry)s > 0
          ||| % {
            expiry: 'last_over_time(%s[%s])' % [sel(metric), c.certificateLookback],
            days: days,
          },
          'for': c.certificateFor,
          labels: { severity: severity, interface: interface },
          annotations: if interface == 'internal' then {
            summary: 'Edge certificate of {{ $labels.target }} expires in under %d days' % days,
            description: 'The earliest certificate in the chain presented by Edge {{ $labels.target }} expires in {{ $value | printf "%%.1f" }} days (threshold %d days); reason: certificate_expiry, then tls_failed once it has expired. Fix: Get-CsCertificate on the Edge, request a new certificate and assign it with Set-CsCertificate -Type <type> -Thumbprint <thumbprint>.' % days,
            runbook_url: runbook('certificate_expiry'),
            dashboard_url: edgeDashboard,
          } else {
            summary: 'External certificate of Edge {{ $labels.target }} expires in under %d days' % days,
            description: 'The earliest certificate in the chain presented by the external interface of Edge {{ $labels.target }} (external_edge_fqdn, as the clearing house sees it) expires in {{ $value | printf "%%.1f" }} days (threshold %d days); reason: certificate_expiry, then tls_failed on check external_tls once it has expired. Fix: Get-CsCertificate -Type AccessEdgeExternal on the Edge, request a new certificate from a public CA that names the external FQDN and assign it with Set-CsCertificate -Type AccessEdgeExternal -Thumbprint <thumbprint>.' % days,
            runbook_url: runbook('certificate_expiry'),
            dashboard_url: edgeDashboard,
          },
        },
        rules: [
          expiring('pushexporter_tls_certificate_expiry_timestamp_seconds', 'internal', c.certificateWarningDays, 'warning'),
          expiring('pushexporter_tls_certificate_expiry_timestamp_seconds', 'internal', c.certificateCriticalDays, 'critical'),
          expiring('pushexporter_external_tls_certificate_expiry_timestamp_seconds', 'external', c.certificateWarningDays, 'warning'),
          expiring('pushexporter_external_tls_certificate_expiry_timestamp_seconds', 'external', c.certificateCriticalDays, 'critical'),
        ],
      },
      {
        name: 'pushexporter.exports',
        // The health of the Lync exports, kept apart from Lync's: an export that cannot be read
        // or has stopped being written is not a fault of the push route, which is still probed.
        // The configuration audit is blind there, so these warn (never the push-route page) and
        // carry no reason label (the route-down inhibition is for the reason alerts).
        rules: [
          // for: 10m: a file caught in the middle of being rewritten by the export task reads as
          // not JSON for one probe (60s); a share that stays broken for ten probes is worth a look.
          {
            alert: 'PushExporterLyncExportUnreadable',
            expr: '%s == 0' % sel('pushexporter_lync_export_readable'),
            'for': c.exportUnreadableFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Lync export {{ $labels.export }} of {{ $labels.target }} cannot be read',
              description: "PushExporter {{ $labels.instance }} has not been able to use the Lync export %(export)s of Edge {{ $labels.target }} for %(for)s: the file is missing, unreadable, not a regular file, over 4 MiB or not the JSON that ConvertTo-Json writes; reason: export_unreadable. This is not a Lync fault and the push route is still probed, but the configuration audit is blind there: %(check)s does not run. Fix: the status page and pushexporter probe --config.file <file> --target {{ $labels.target }} say why the file was not read; then run scripts/Export-PushConfiguration.ps1 again on the Lync server (its scheduled task, the share, and the exporter account's right to read it)." % {
                export: exportFile,
                check: exportCheck,
                'for': humanize(c.exportUnreadableFor),
              },
              runbook_url: runbook('export_unreadable'),
              dashboard_url: edgeDashboard,
            },
          },
          // The age grows by itself between runs of the export task; for: 10m only keeps a task
          // that runs a few minutes after the threshold from warning for those minutes.
          {
            alert: 'PushExporterLyncExportStale',
            expr: 'time() - %s > %d' % [sel('pushexporter_lync_export_modified_timestamp_seconds'), c.exportMaxAgeSeconds],
            'for': c.exportStaleFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Lync export {{ $labels.export }} of {{ $labels.target }} is older than %s' % humanizeSeconds(c.exportMaxAgeSeconds),
              description: 'The Lync export %(export)s of Edge {{ $labels.target }} was last written {{ $value | humanizeDuration }} ago, more than %(age)s; reason: export_stale. The export task has stopped, so the audit (%(check)s) judges settings that may have changed since. This is not a Lync fault and the push route is still probed. Fix: on the Lync server, look at the scheduled task that runs scripts/Export-PushConfiguration.ps1 (Get-ScheduledTask, Get-ScheduledTaskInfo: its last run and result) and run it once by hand.' % {
                export: exportFile,
                check: exportCheck,
                age: humanizeSeconds(c.exportMaxAgeSeconds),
              },
              runbook_url: runbook('export_stale'),
              dashboard_url: edgeDashboard,
            },
          },
        ],
      },
    ],
  },
}
