using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;

namespace PushExporter.Sip.Tests.Transaction;

public sealed class SipWarmUpTests
{
    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Tls)]
    public async Task Runs_one_answered_transaction_on_loopback(SipTransportKind transport)
    {
        var answered = await SipWarmUp.RunAsync(transport, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(answered);
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SipWarmUp.RunAsync(SipTransportKind.Udp, cancelled.Token));
    }
}
