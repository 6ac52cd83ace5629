using PushExporter.Configuration;
using PushExporter.Configuration.Lync;
using PushExporter.Sip.Message;
using PushExporter.Sip.Tracing;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 1, <c>config</c>: the exported Lync settings, when the target names them.
/// <c>proxy_uri</c>: the effective PushNotificationProxyUri must be sip:push@push.lync.com
/// (compared as SIP URIs) → else <c>bad_uri</c>. <c>im_filter</c>: an enabled filter with
/// action Block must not list http: or https: → else <c>blocked_prefix</c>. An export that
/// cannot be read fails its check with the file and the problem named.
/// </summary>
internal sealed class ConfigStep : IStep
{
    public ProbeStep Step => ProbeStep.Config;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.ProxyUri, CheckLabels.ImFilter];

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        if (target.McxConfigurationFile is { } mcxFile)
        {
            var mcx = await McxConfigurationReader.ReadAsync(mcxFile, target.Site, target.FrontEndPool, cancellationToken).ConfigureAwait(false);
            if (mcx.Value is not { } effective)
            {
                return Fail(context, CheckLabels.ProxyUri, FailureReasons.BadUri, $"the Mcx export cannot be used: {mcx.Error}");
            }

            var evidence = $"{effective.Identity}: PushNotificationProxyUri = {effective.PushNotificationProxyUri ?? "(not set)"}";
            context.Trace.Add(TraceEntryKind.Note, $"Mcx export {mcxFile}: {evidence}");
            if (effective.PushNotificationProxyUri is not { Length: > 0 } text)
            {
                return Fail(context, CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri is not set in scope {effective.Identity}", evidence);
            }

            if (!SipUri.TryParse(text, out var uri, out var uriError))
            {
                return Fail(context, CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri \"{text}\" in scope {effective.Identity} is not a SIP URI: {uriError}", evidence);
            }

            if (!uri.Equals(TargetConfig.DefaultPushProxyUri))
            {
                return Fail(context, CheckLabels.ProxyUri, FailureReasons.BadUri, $"PushNotificationProxyUri is {text} in scope {effective.Identity}, not {ClearingHouse.PushProxyUri}", evidence);
            }

            context.PushProxyUri = uri;
            context.Pass(CheckLabels.ProxyUri);
        }

        if (target.ImFilterConfigurationFile is { } filterFile)
        {
            context.Begin(CheckLabels.ImFilter);
            var filter = await ImFilterConfigurationReader.ReadAsync(filterFile, target.Site, cancellationToken).ConfigureAwait(false);
            if (filter.Value is not { } effective)
            {
                return Fail(context, CheckLabels.ImFilter, FailureReasons.BlockedPrefix, $"the IM filter export cannot be used: {filter.Error}");
            }

            var evidence = $"{effective.Identity}: Enabled = {effective.Enabled}, Action = {effective.Action}, Prefixes = {string.Join(", ", effective.Prefixes)}";
            context.Trace.Add(TraceEntryKind.Note, $"IM filter export {filterFile}: {evidence}");
            if (effective.BlocksHttp)
            {
                var blocked = effective.Prefixes.Where(p => p.Equals("http:", StringComparison.OrdinalIgnoreCase) || p.Equals("https:", StringComparison.OrdinalIgnoreCase));
                return Fail(context, CheckLabels.ImFilter, FailureReasons.BlockedPrefix, $"the IM filter of scope {effective.Identity} blocks {string.Join(" and ", blocked)}", evidence);
            }

            context.Pass(CheckLabels.ImFilter);
        }

        context.PushProxyUri ??= target.PushProxyUri;
        return null;
    }

    private static ProbeFailure Fail(ProbeContext context, string check, string reason, string error, string? evidence = null) =>
        context.Fail(check, reason, error, evidence);
}
