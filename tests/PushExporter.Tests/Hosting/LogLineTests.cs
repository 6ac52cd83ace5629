using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PushExporter.Hosting;

namespace PushExporter.Tests.Hosting;

/// <summary>Log lines as Prometheus exporters write them, read back as Loki's logfmt and json parsers read them.</summary>
public sealed partial class LogLineTests
{
    private static readonly DateTimeOffset _at = new(2026, 12, 4, 9, 30, 1, 234, TimeSpan.Zero);

    [Fact]
    public void The_message_is_the_template_before_its_first_field_and_each_placeholder_a_field()
    {
        var (message, fields) = LogLine.Parts(State("probe failing: target={Target} previous_reason={PreviousReason}", ("Target", "atl-edge"), ("PreviousReason", "none")), "ignored", null, stack: false);

        Assert.Equal("probe failing", message);
        Assert.Equal([new("target", "atl-edge"), new("previous_reason", "none")], fields);
    }

    [Fact]
    public void Logfmt_quotes_values_with_spaces_quotes_equals_and_control_characters_so_a_parser_reads_them_back()
    {
        var error = "the Edge answered 504 \"Server time-out\" (a=b)\nsecond line\\";
        var line = LogLine.Logfmt(_at, LogLevel.Warning, "probe failing", [new("target", "atl-edge"), new("error", error), new("empty", ""), new("seconds", 0.25)]);

        Assert.StartsWith("ts=2026-12-04T09:30:01.234Z level=warn msg=\"probe failing\" target=atl-edge error=\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        var parsed = ParseLogfmt(line);
        Assert.Equal("warn", parsed["level"]);
        Assert.Equal("probe failing", parsed["msg"]);
        Assert.Equal(error, parsed["error"]);
        Assert.Equal(string.Empty, parsed["empty"]);
        Assert.Equal("0.25", parsed["seconds"]);
    }

    [Fact]
    public void Json_has_ts_level_msg_and_each_field_with_numbers_as_numbers()
    {
        var line = LogLine.Json(_at, LogLevel.Information, "starting pushexporter", [new("targets", 4), new("version", "1.1.0"), new("ratio", 0.5)]);

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal("2026-12-04T09:30:01.234Z", root.GetProperty("ts").GetString());
        Assert.Equal("info", root.GetProperty("level").GetString());
        Assert.Equal("starting pushexporter", root.GetProperty("msg").GetString());
        Assert.Equal(4, root.GetProperty("targets").GetInt32());
        Assert.Equal(0.5, root.GetProperty("ratio").GetDouble());
        Assert.Equal("1.1.0", root.GetProperty("version").GetString());
    }

    [Fact]
    public void An_exception_is_one_field_and_its_stack_only_at_debug()
    {
        var exception = Thrown();

        var (_, quiet) = LogLine.Parts(State("cannot start: listen_address={ListenAddress}", ("ListenAddress", ":9860")), "x", exception, stack: false);
        var (_, debug) = LogLine.Parts(State("cannot start: listen_address={ListenAddress}", ("ListenAddress", ":9860")), "x", exception, stack: true);

        Assert.Contains(new KeyValuePair<string, object?>("err", "IOException: address already in use"), quiet);
        Assert.DoesNotContain(quiet, f => f.Key == "stack");
        Assert.Contains(debug, f => f.Key == "stack");
    }

    [Theory]
    [InlineData("Target", "target")]
    [InlineData("PreviousReason", "previous_reason")]
    [InlineData("DurationSeconds", "duration_seconds")]
    [InlineData("address", "address")]
    [InlineData("TLSVersion", "tls_version")]
    public void Placeholder_names_become_snake_case_field_names(string placeholder, string field) =>
        Assert.Equal(field, LogLine.FieldName(placeholder));

    /// <summary>A logfmt reader as Loki's <c>| logfmt</c> reads: key=value pairs, values bare or double-quoted with escapes.</summary>
    internal static Dictionary<string, string> ParseLogfmt(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length)
        {
            var equals = line.IndexOf('=', i);
            Assert.True(equals > i, $"no key at {i}: {line}");
            var key = line[i..equals];
            Assert.DoesNotContain(' ', key);
            i = equals + 1;
            var value = new StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                for (i++; line[i] != '"'; i++)
                {
                    value.Append(line[i] != '\\' ? line[i] : line[++i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var c => c });
                }

                i++;
            }
            else
            {
                while (i < line.Length && line[i] != ' ')
                {
                    value.Append(line[i++]);
                }
            }

            fields.Add(key, value.ToString());
            Assert.True(i == line.Length || line[i] == ' ', $"junk after {key}: {line}");
            i++;
        }

        return fields;
    }

    private static List<KeyValuePair<string, object?>> State(string template, params (string Key, object? Value)[] values) =>
        [.. values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)), new("{OriginalFormat}", template)];

    private static IOException Thrown()
    {
        try
        {
            throw new IOException("address already in use");
        }
        catch (IOException exception)
        {
            return exception;
        }
    }
}
