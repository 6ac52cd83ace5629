using System.Globalization;
using PushExporter.Configuration;
using PushExporter.Configuration.Lync;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 1, <c>config</c>: the audit of the exported Lync configuration (PRODUCT.md's table). Each
/// of the six checks runs when its export is readable, all of them, so the check matrix shows
/// every failing one; the first failing one in the table's order decides the reason, and its fix
/// comes first. An export that is missing, unreadable or not the expected JSON is not a Lync
/// fault: it is recorded as such (<see cref="ProbeContext.Exports"/>), its checks are not run,
/// and the probe goes on.
/// </summary>
internal sealed class ConfigStep : IStep
{
    public ProbeStep Step => ProbeStep.Config;

    public IReadOnlyList<string> Checks { get; } =
    [
        CheckLabels.ProxyUri, CheckLabels.ImFilter, CheckLabels.PushServices,
        CheckLabels.FederationEnabled, CheckLabels.HostingProvider, CheckLabels.AllowedDomain,
    ];

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;

        // Half of the time left: an export share that hangs costs the audit its files, never the network steps their time.
        var budget = context.Remaining / 2;
        using var budgetSource = new CancellationTokenSource(budget, context.Time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budgetSource.Token);
        var exports = new ExportReader(context, budget, reading.Token, cancellationToken);
        var mcx = await exports.ReadAsync(LyncExport.Mcx, (path, token) => McxConfigurationReader.ReadAsync(path, target.Site, target.FrontEndPool, token)).ConfigureAwait(false);
        var filter = await exports.ReadAsync(LyncExport.ImFilter, (path, token) => ImFilterConfigurationReader.ReadAsync(path, target.Site, token)).ConfigureAwait(false);
        var push = await exports.ReadAsync(LyncExport.PushNotification, (path, token) => PushNotificationConfigurationReader.ReadAsync(path, target.Site, token)).ConfigureAwait(false);
        var accessEdge = await exports.ReadAsync(LyncExport.AccessEdge, (path, token) => AccessEdgeConfigurationReader.ReadAsync(path, target.Site, token)).ConfigureAwait(false);
        var providers = await exports.ReadAsync(LyncExport.HostingProviders, HostingProviderReader.ReadAsync).ConfigureAwait(false);
        var domains = await exports.ReadAsync(LyncExport.AllowedDomains, AllowedDomainReader.ReadAsync).ConfigureAwait(false);

        var failures = new List<ProbeFailure>();
        Audit(context, failures, CheckLabels.ProxyUri, mcx, CheckProxyUri);
        Audit(context, failures, CheckLabels.ImFilter, filter, CheckImFilter);
        Audit(context, failures, CheckLabels.PushServices, push, CheckPushServices);
        Audit(context, failures, CheckLabels.FederationEnabled, accessEdge, CheckFederation);
        Audit(context, failures, CheckLabels.HostingProvider, providers, CheckHostingProvider);
        if (domains is not null)
        {
            CheckAllowedDomain(context, failures, domains, providers);
        }

        context.PushProxyUri ??= target.PushProxyUri;
        if (failures.Count <= 1)
        {
            return failures.FirstOrDefault();
        }

        // The reason is the first failure's; an administrator fixing it learns the others' fixes too.
        var first = failures[0];
        return first with { Fix = first.Fix + string.Concat(failures.Skip(1).Select(f => $" Also failing, {f.Check}: {f.Fix}")) };
    }

    private static void Audit<T>(ProbeContext context, List<ProbeFailure> failures, string check, T? settings, Func<ProbeContext, T, ProbeFailure?> run)
        where T : class
    {
        if (settings is null)
        {
            return;
        }

        context.Begin(check);
        if (run(context, settings) is { } failure)
        {
            failures.Add(failure);
        }
        else
        {
            context.Pass(check);
        }
    }

    private static ProbeFailure? CheckProxyUri(ProbeContext context, McxEffective mcx)
    {
        var scope = mcx.Identity;
        var value = mcx.PushNotificationProxyUri;
        var evidence = $"{scope}: PushNotificationProxyUri = {(value is null ? "(not set)" : LyncExportFile.Excerpt(value))}";
        context.Trace.Add(TraceEntryKind.Note, $"Mcx export, effective scope {evidence}");
        var fix = ConfigAuditFixes.ProxyUri(scope);
        if (value is not { Length: > 0 })
        {
            return context.Fail(CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri is not set in scope {scope}", evidence, fix);
        }

        if (!SipUri.TryParse(value, out var uri, out var uriError))
        {
            return context.Fail(CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri {LyncExportFile.Excerpt(value)} in scope {scope} is not a SIP URI: {uriError}", evidence, fix);
        }

        if (!uri.Equals(TargetConfig.DefaultPushProxyUri))
        {
            return context.Fail(CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri is {LyncExportFile.Excerpt(value, quoted: false)} in scope {scope}, not {ClearingHouse.PushProxyUri}", evidence, fix);
        }

        context.PushProxyUri = uri;
        return null;
    }

    private static ProbeFailure? CheckImFilter(ProbeContext context, ImFilterEffective filter)
    {
        var evidence = $"{filter.Identity}: Enabled = {filter.Enabled}, Action = {filter.Action}, Prefixes = {string.Join(", ", filter.Prefixes.Select(p => LyncExportFile.Excerpt(p, quoted: false)))}";
        context.Trace.Add(TraceEntryKind.Note, $"IM filter export, effective scope {evidence}");
        if (!filter.BlocksHttp)
        {
            return null;
        }

        var blocked = filter.Prefixes.Where(p => p.TrimEnd(':').Trim() is var scheme
            && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase))).ToList();
        return context.Fail(
            CheckLabels.ImFilter,
            FailureReasons.BlockedPrefix,
            $"the IM filter of scope {filter.Identity} blocks {string.Join(" and ", blocked.Select(p => LyncExportFile.Excerpt(p, quoted: false)))}",
            evidence,
            ConfigAuditFixes.ImFilter(filter.Identity, blocked));
    }

    private static ProbeFailure? CheckPushServices(ProbeContext context, PushNotificationEffective push)
    {
        var evidence = $"{push.Identity}: {PushNotificationConfigurationReader.AppleKey} = {push.Apple}, {PushNotificationConfigurationReader.MicrosoftKey} = {push.Microsoft}";
        context.Trace.Add(TraceEntryKind.Note, $"push notification export, effective scope {evidence}");
        if (context.Target.PushServices is not { } required)
        {
            return push.Apple || push.Microsoft
                ? null
                : context.Fail(
                    CheckLabels.PushServices,
                    FailureReasons.PushDisabled,
                    $"neither the Apple nor the Microsoft push notification service is on in scope {push.Identity}",
                    evidence,
                    ConfigAuditFixes.EnablePushServices(push.Identity, PushServices.None));
        }

        if (push.Enables(required))
        {
            return null;
        }

        var on = (push.Apple ? PushServices.Apple : PushServices.None) | (push.Microsoft ? PushServices.Microsoft : PushServices.None);
        var missing = required & ~on;
        return context.Fail(
            CheckLabels.PushServices,
            FailureReasons.PushDisabled,
            $"push_services requires {Services(missing)}, switched off in scope {push.Identity}",
            evidence,
            ConfigAuditFixes.EnablePushServices(push.Identity, missing));
    }

    private static ProbeFailure? CheckFederation(ProbeContext context, AccessEdgeEffective accessEdge)
    {
        var evidence = $"{accessEdge.Identity}: {AccessEdgeConfigurationReader.AllowFederatedUsersKey} = {accessEdge.AllowFederatedUsers}";
        context.Trace.Add(TraceEntryKind.Note, $"Access Edge export, effective scope {evidence}");
        return accessEdge.AllowFederatedUsers
            ? null
            : context.Fail(
                CheckLabels.FederationEnabled,
                FailureReasons.FederationDenied,
                $"AllowFederatedUsers is False in the Access Edge configuration (scope {accessEdge.Identity}): the Edge routes nothing to federated partners, push.lync.com included",
                evidence,
                ConfigAuditFixes.FederationEnabled(accessEdge.Identity));
    }

    private static ProbeFailure? CheckHostingProvider(ProbeContext context, IReadOnlyList<HostingProvider> providers)
    {
        var matching = providers.Where(p => p.Proxies(ClearingHouse.HostingProviderFqdn)).ToList();
        var evidence = providers.Count == 0
            ? "Get-CsHostingProvider: none configured"
            : "hosting providers: " + Listed(providers.Select(p => $"{p.Identity} (ProxyFqdn {p.ProxyFqdn ?? "none"}, Enabled = {p.Enabled})"));
        context.Trace.Add(TraceEntryKind.Note, $"hosting providers export: {evidence}");
        if (matching.Exists(p => p.Enabled))
        {
            return null;
        }

        return matching.Count > 0
            ? context.Fail(
                CheckLabels.HostingProvider,
                FailureReasons.FederationDenied,
                $"the hosting provider {matching[0].Identity} for {ClearingHouse.HostingProviderFqdn} is disabled",
                evidence,
                ConfigAuditFixes.EnableHostingProvider(matching[0].Identity))
            : context.Fail(
                CheckLabels.HostingProvider,
                FailureReasons.FederationDenied,
                $"no hosting provider has ProxyFqdn {ClearingHouse.HostingProviderFqdn}",
                evidence,
                ConfigAuditFixes.NewHostingProvider(providers));
    }

    // Needs the allowed domains; whether push.lync.com's ProxyFqdn clashes with a hosting provider needs the providers too.
    private static void CheckAllowedDomain(ProbeContext context, List<ProbeFailure> failures, IReadOnlyList<AllowedDomain> domains, IReadOnlyList<HostingProvider>? providers)
    {
        var check = CheckLabels.AllowedDomain;
        context.Begin(check);
        var entry = domains.FirstOrDefault(d => d.Is(ClearingHouse.Domain));
        var evidence = domains.Count == 0
            ? "Get-CsAllowedDomain: none configured"
            : "allowed domains: " + Listed(domains.Select(d => d.ProxyFqdn is null ? d.Domain : $"{d.Domain} (ProxyFqdn {d.ProxyFqdn})"));
        context.Trace.Add(TraceEntryKind.Note, $"allowed domains export: {evidence}");
        if (entry is null)
        {
            failures.Add(context.Fail(check, FailureReasons.FederationDenied, $"{ClearingHouse.Domain} is not an allowed domain", evidence, ConfigAuditFixes.NewAllowedDomain()));
            return;
        }

        if (entry.ProxyFqdn is { } proxyFqdn)
        {
            if (providers is null)
            {
                context.Trace.Add(TraceEntryKind.Note, $"{check} not run: {ClearingHouse.Domain} carries ProxyFqdn {proxyFqdn}, and without a readable hosting providers export a clash cannot be ruled out");
                return;
            }

            if (providers.FirstOrDefault(p => p.Proxies(proxyFqdn)) is { } clash)
            {
                failures.Add(context.Fail(
                    check,
                    FailureReasons.FederationDenied,
                    $"the allowed domain {ClearingHouse.Domain} carries ProxyFqdn {proxyFqdn}, which the hosting provider {clash.Identity} has too: since CU3 the Access Edge does not start with both (event 14517)",
                    evidence,
                    ConfigAuditFixes.RemoveAllowedDomainProxy(clash.Identity, proxyFqdn)));
                return;
            }
        }

        context.Pass(check);
    }

    private static string Services(PushServices services) => services switch
    {
        PushServices.Apple => "the Apple push notification service (EnableApplePushNotificationService)",
        PushServices.Microsoft => "the Microsoft push notification service (EnableMicrosoftPushNotificationService)",
        _ => "the Apple and the Microsoft push notification services (EnableApplePushNotificationService, EnableMicrosoftPushNotificationService)",
    };

    // At most ten entries of a list from an export, the rest counted.
    private static string Listed(IEnumerable<string> entries)
    {
        var all = entries.ToList();
        return all.Count <= 10
            ? string.Join(", ", all)
            : string.Join(", ", all.Take(10)) + string.Create(CultureInfo.InvariantCulture, $" and {all.Count - 10} more");
    }

    /// <summary>Reads the target's exports within the audit's budget and records each one's health.</summary>
    private sealed class ExportReader(ProbeContext context, TimeSpan budget, CancellationToken reading, CancellationToken probe)
    {
        /// <summary>The export's settings, or null when the target has no such file or it is not readable.</summary>
        public async Task<T?> ReadAsync<T>(LyncExport export, Func<string, CancellationToken, Task<LyncExportResult<T>>> read)
            where T : class
        {
            if (export.PathFor(context.Target) is not { } path)
            {
                return null;
            }

            LyncExportResult<T> result;
            try
            {
                reading.ThrowIfCancellationRequested();

                // A read stuck in the file system ignores its token; the audit does not wait for it.
                result = await read(path, reading).WaitAsync(reading).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!probe.IsCancellationRequested)
            {
                result = LyncExportResult<T>.Failure(string.Create(CultureInfo.InvariantCulture, $"{path}: not read within {budget.TotalSeconds:0.###} s, half of the probe's time left"));
            }

            context.RecordExport(export.Label, new LyncExportHealth(path, result.IsSuccess, result.ModifiedAt, result.Error));
            context.Trace.Add(TraceEntryKind.Note, result.IsSuccess
                ? $"Lync export {export.Label}: {path}"
                : $"Lync export {export.Label} not readable, its checks not run: {result.Error}");
            return result.Value;
        }
    }
}
