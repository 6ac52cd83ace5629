using CsCheck;
using PushExporter.Configuration;

namespace PushExporter.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("1y2w3d4h5m6s7ms", 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Parses_prometheus_durations(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("1m30")]
    [InlineData("30m1h")]
    [InlineData("1s1s")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1S")]
    [InlineData(" 1s")]
    [InlineData("1 s")]
    [InlineData("5mm")]
    [InlineData("ms")]
    [InlineData("99999999999999999999s")]
    public void Rejects_invalid_durations_naming_the_value(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains(text.Length == 0 ? "empty" : $"\"{text}\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(7_776_000_000, "90d")]
    [InlineData(1_209_600_000, "2w")]
    [InlineData(0, "0s")]
    [InlineData(1_500, "1s500ms")]
    public void Formats_like_prometheus(long milliseconds, string expected) =>
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Format_then_parse_round_trips() =>
        Gen.Long[0, TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond].Sample(milliseconds =>
        {
            var duration = TimeSpan.FromMilliseconds(milliseconds);
            var text = DurationParser.Format(duration);
            return DurationParser.TryParse(text, out var parsed, out _) && parsed == duration;
        });
}
