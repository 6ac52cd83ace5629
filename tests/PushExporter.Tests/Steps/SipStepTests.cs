using Microsoft.Extensions.Time.Testing;
using PushExporter.Classification;
using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Testing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Steps;

/// <summary>The sip step over the in-memory connection: what it sends, and how it reads each answer.</summary>
public sealed class SipStepTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Sends_the_module_request_to_the_push_proxy_uri_and_passes_on_200()
    {
        var (failure, context, connection) = await Run(c => c.Answer(200, "OK"));

        Assert.Null(failure);
        Assert.Equal(CheckStatus.Passed, context.Checks[CheckLabels.PushRoute]);
        var sent = Assert.Single(connection.Sent).Text;
        Assert.StartsWith($"OPTIONS {ClearingHouse.PushProxyUri} SIP/2.0\r\n", sent, StringComparison.Ordinal);
        Assert.Contains($"User-Agent: PushExporter/{BuildInfo.Version}\r\n", sent, StringComparison.Ordinal);
        Assert.Equal(200, context.Sip!.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task Reads_ms_diagnostics_before_the_status_and_names_them_in_the_evidence()
    {
        var (failure, context, _) = await Run(c => c.Answer(504, "Server time-out", "ms-diagnostics: 1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.contoso.test\"\r\n"));

        Assert.NotNull(failure);
        Assert.Equal(FailureReasons.MissingSrv, failure.Reason);
        Assert.Equal(CheckLabels.PushRoute, failure.Check);
        Assert.Equal(CheckStatus.Failed, context.Checks[CheckLabels.PushRoute]);
        Assert.Equal("SIP/2.0 504 Server time-out; ms-diagnostics: 1008 \"Unable to resolve DNS SRV record\" from edge.contoso.test", failure.Evidence);
    }

    [Fact]
    public async Task A_module_override_decides_before_the_table()
    {
        var module = BuiltInModules.PushRoute with { ReasonOverrides = [ResponseRule.Override(new CodeRange(486, 486), null, FailureReasons.ServerTimeout)] };

        var (failure, _, _) = await Run(c => c.Answer(486, "Busy Here"), module);

        Assert.Equal(FailureReasons.ServerTimeout, failure!.Reason);
        Assert.Contains("module override (status 486, ms-diagnostics any)", failure.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_connection_is_an_unexpected_response()
    {
        var (failure, _, _) = await Run(c => c.Fail(new SipTransportException(SipTransportErrorKind.ConnectionLost, "the Edge closed the connection")));

        Assert.Equal(FailureReasons.UnexpectedResponse, failure!.Reason);
        Assert.Equal(CheckLabels.PushRoute, failure.Check);
    }

    private async Task<(ProbeFailure? Failure, ProbeContext Context, InMemorySipConnection Connection)> Run(Action<InMemorySipConnection> answer, ModuleConfig? module = null)
    {
        var connection = new InMemorySipConnection(reliable: true, _time);
        var target = new TargetConfig
        {
            Name = "edge",
            AccessEdgeFqdn = "edge.contoso.test",
            ExternalEdgeFqdn = "edge.contoso.test",
            FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
        };
        var context = new ProbeContext
        {
            Target = target,
            ModuleName = "push_route",
            Module = module ?? BuiltInModules.PushRoute,
            Resolver = new SipDnsResolver(new DnsResolverOptions(), _time),
            Trace = new ProbeTrace(_time),
            Time = _time,
            DeadlineTimestamp = _time.GetTimestamp() + (10 * _time.TimestampFrequency),
            Connection = connection,
        };
        var step = new SipStep(SipTimerOptions.Default);
        var run = step.RunAsync(context, TestContext.Current.CancellationToken);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (connection.Sent.Count == 0)
            {
                await Task.Delay(1, deadline.Token);
            }
        }

        answer(connection);
        return (await run, context, connection);
    }
}
