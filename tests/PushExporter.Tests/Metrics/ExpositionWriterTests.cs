using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using PushExporter.Metrics;

namespace PushExporter.Tests.Metrics;

/// <summary>
/// The direct writer's samples: a double is written as .NET's shortest round-trip form writes it
/// (the OpenTelemetry exporter's format), whether it takes the integral fast path or not; label
/// values are escaped; a sample longer than the chunk is never split, so its OpenMetrics
/// <c>_created</c> line repeats its labels whole.
/// </summary>
public sealed class ExpositionWriterTests
{
    private static readonly MetricsExposition.Family _gauge = new("px_gauge", MetricsExposition.Kind.Gauge, false, "A gauge.");
    private static readonly MetricsExposition.Family _counter = new("px_things_total", MetricsExposition.Kind.Counter, false, "A counter.");

    public static TheoryData<double> Doubles() =>
    [
        0, -0.0, 1, -1, 5, 200, 1733318400, 1733318400.123, 0.0021, 1e-7, 123456789012345, 999999999999999, 1e15, -1e15, 1e16,
        1.5e300, double.MaxValue, double.MinValue, double.Epsilon, long.MaxValue, (double)long.MinValue, 0.1 + 0.2,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    [Theory]
    [MemberData(nameof(Doubles))]
    public async Task A_double_is_written_in_its_shortest_round_trip_form(double value)
    {
        var text = await WriteAsync(openMetrics: false, w =>
        {
            w.Begin(_gauge);
            w.Open();
            w.End(value);
        });

        var expected = double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString(CultureInfo.InvariantCulture);
        Assert.EndsWith("px_gauge{} " + expected + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_values_are_escaped_and_encoded_as_utf8()
    {
        var text = await WriteAsync(openMetrics: false, w =>
        {
            w.Begin(_gauge);
            w.Open();
            w.Label("site=\""u8, "Zürich \"HQ\" \\ west\nfloor 2");
            w.RawLabel(",target=\""u8, ExpositionWriter.Escape("a\"b"));
            w.End(1L);
        });

        Assert.EndsWith("px_gauge{site=\"Zürich \\\"HQ\\\" \\\\ west\\nfloor 2\",target=\"a\\\"b\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sample_longer_than_a_chunk_keeps_its_labels_whole_in_its_created_line()
    {
        var long1 = new string('x', 200_000);
        var text = await WriteAsync(openMetrics: true, async w =>
        {
            w.Begin(_counter);
            for (var i = 0; i < 3; i++)
            {
                w.Open();
                w.Label("target=\""u8, long1 + i.ToString(CultureInfo.InvariantCulture));
                w.End(7L);
                await w.FlushIfFullAsync(CancellationToken.None);
            }
        });

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["# TYPE px_things counter", "# HELP px_things A counter."], lines[..2]);
        for (var i = 0; i < 3; i++)
        {
            var labels = "{target=\"" + long1 + i.ToString(CultureInfo.InvariantCulture) + "\"}";
            Assert.Equal("px_things_total" + labels + " 7", lines[2 + (2 * i)]);
            Assert.Equal("px_things_created" + labels + " 1.5", lines[3 + (2 * i)]);
        }
    }

    private static Task<string> WriteAsync(bool openMetrics, Action<ExpositionWriter> write) =>
        WriteAsync(openMetrics, w =>
        {
            write(w);
            return Task.CompletedTask;
        });

    private static async Task<string> WriteAsync(bool openMetrics, Func<ExpositionWriter, Task> write)
    {
        using var output = new MemoryStream();
        var pipe = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new ExpositionWriter(pipe, openMetrics, createdAt: 1.5);
        await write(writer);
        await writer.FlushAsync(CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
