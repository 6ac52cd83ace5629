using PushExporter.Web;

namespace PushExporter.Tests.Web;

/// <summary>Any <c>X-Prometheus-Scrape-Timeout-Seconds</c> becomes a deadline within the configured timeout, or none.</summary>
public sealed class ProbeDeadlineTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("", null)]
    [InlineData("ten", null)]
    [InlineData("NaN", null)]
    [InlineData("-Infinity", null)]
    [InlineData("-5", null)]
    [InlineData("0", null)]
    [InlineData("Infinity", null)]
    [InlineData("1e308", 10.0)]
    [InlineData("79228162514264337593543950336", 10.0)]
    [InlineData("10.5", 10.0)]
    [InlineData("4", 3.5)]
    [InlineData("0.4", 0.2)]
    public void The_header_less_the_offset_within_the_configured_timeout(string header, double? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, ProbeEndpoint.Deadline(header, _timeout));
}
