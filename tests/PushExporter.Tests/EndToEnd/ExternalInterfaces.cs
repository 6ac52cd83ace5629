using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// The external-interface cases of <see cref="EdgeScenarioWorld"/>: the Edge itself answers 200
/// OK, and <c>external_tls_check</c> meets a real TLS listener on 127.0.0.1 whose name resolves
/// through the scenario's dnsmasq (or a closed port, or a name that does not resolve). The
/// certificate a case must see (for its expiry) or null.
/// </summary>
internal static class ExternalInterfaces
{
    public static IReadOnlyList<Expected> All { get; } =
    [
        new("external_tls_ok", null, null, c => c.Server),
        new("external_tls_expired", FailureReasons.TlsFailed, "NotTimeValid", c => c.ExpiredServer),
        new("external_tls_untrusted", FailureReasons.TlsFailed, "chain not trusted", c => c.UntrustedServer),
        new("external_tls_system_roots", FailureReasons.TlsFailed, "chain not trusted", c => c.Server),
        new("external_tls_wrong_name", FailureReasons.TlsFailed, $"the certificate does not name {EdgeScenarioWorld.ExternalNameNotOnCertificate}", c => c.Server),
        new("external_tls_no_tls12", FailureReasons.TlsFailed, "(TLS 1.2 only): no TLS 1.2 handshake with edge.test: ", null),
        new("external_tls_refused", FailureReasons.ConnectFailed, "the external interface edge.test:", null),
        new("external_tls_nxdomain", FailureReasons.DnsError, "the external Edge nxdomain-sip.test does not resolve", null),
    ];

    public static TheoryData<string> Targets => [.. All.Select(e => e.Target)];

    public static Expected For(string target) => All.Single(e => e.Target == target);

    /// <param name="Target">The scenario target.</param>
    /// <param name="Reason">Null when the check passes.</param>
    /// <param name="Error">A piece of the failure's error.</param>
    /// <param name="Certificate">The certificate whose NotAfter is exported, or null when none is presented.</param>
    public sealed record Expected(string Target, string? Reason, string? Error, Func<TestCertificates, CertificateFiles>? Certificate);
}
