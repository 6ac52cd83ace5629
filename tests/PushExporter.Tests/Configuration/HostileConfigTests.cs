using System.Diagnostics;
using System.Globalization;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Testing;

namespace PushExporter.Tests.Configuration;

/// <summary>
/// Issue 11, findings 1–3: configuration files written to kill the loader. Each ends in a clear
/// error naming the problem, within a time and an allocation bound, and never as an exception.
/// </summary>
public sealed class HostileConfigTests
{
    // Generous for a loaded 2-core machine: the old code took 9.5 s, gigabytes, or crashed.
    private static readonly TimeSpan _timeBound = TimeSpan.FromSeconds(5);

    // The loader runs on the calling thread, so its allocations are the thread's.
    private const long AllocationBound = 64L * 1024 * 1024;

    [Fact]
    public void A_mistyped_brace_is_a_syntax_error_not_an_exception()
    {
        const string yaml = "global: {interval: 30s\ntargets:\n  - name: edge\n    access_edge_fqdn: edge.contoso.test\n";

        var error = Assert.Single(Bounded(() => ConfigLoader.Parse(yaml, "brace.yml", Fixture.Directory)).Errors);

        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("{a: ", "}", 20_000)]
    [InlineData("[", "]", 50_000)]
    public void Deep_nesting_is_refused_before_the_loader_recurses(string open, string close, int levels)
    {
        var yaml = string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels));

        var error = Assert.Single(Bounded(() => ConfigLoader.Parse(yaml, "deep.yml", Fixture.Directory)).Errors);

        Assert.Equal($"nesting deeper than {BoundedYamlParser.MaxDepth} levels", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_counting_expanded_nodes()
    {
        // Two keys that are aliases of a list of 9^8 elements: expanded, 43 million nodes from 600 bytes.
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'h'; level++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"{level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{(char)(level - 1)}", 9))}]\n");
        }

        yaml.Append("? *h\n: 1\n? *h\n: 2\n");

        var error = Assert.Single(Bounded(() => ConfigLoader.Parse(yaml.ToString(), "bomb.yml", Fixture.Directory)).Errors);

        Assert.Equal($"aliases expand to more than {BoundedYamlParser.MaxNodes} nodes", error.Message);
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void An_endless_file_is_refused_at_the_size_bound()
    {
        var error = Assert.Single(Bounded(() => ConfigLoader.Load("/dev/zero")).Errors);

        Assert.Equal("configuration file is larger than 8 MiB", error.Message);
    }

    [Fact]
    public void A_huge_scalar_is_not_quoted_in_full()
    {
        var yaml = $"global:\n  interval: {new string('9', 1_000_000)}x\n";

        var error = Assert.Single(Bounded(() => ConfigLoader.Parse(yaml, "huge.yml", Fixture.Directory)).Errors);

        Assert.Equal("global.interval", error.Key);
        Assert.InRange(error.Message.Length, 1, ConfigErrorList.MaxMessageLength);
    }

    [Fact]
    public void A_thousand_errors_are_summarized()
    {
        var yaml = new StringBuilder("targets:\n");
        for (var i = 0; i < 1_000; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{name: edge{i}, access_edge_fqdn: edge.contoso.test, port: 0}}\n");
        }

        var errors = Bounded(() => ConfigLoader.Parse(yaml.ToString(), "many.yml", Fixture.Directory)).Errors;

        Assert.Equal(ConfigErrorList.MaxErrors + 1, errors.Count);
        Assert.Equal($"{1_000 - ConfigErrorList.MaxErrors} more errors not shown", errors[^1].Message);
    }

    [Fact]
    public void A_regular_file_over_the_size_bound_is_refused_unread()
    {
        using var directory = TempDirectory.Create("config");
        var path = directory.File("big.yml");
        using (var file = File.Create(path))
        {
            file.SetLength(YamlFile.MaxBytes + 1);
        }

        var error = Assert.Single(Bounded(() => ConfigLoader.Load(path)).Errors);

        Assert.Equal("configuration file is larger than 8 MiB", error.Message);
    }

    [Fact]
    public void An_alias_inside_the_node_it_names_is_a_cycle()
    {
        var error = Assert.Single(Bounded(() => ConfigLoader.Parse("targets: &t [*t]\n", "cycle.yml", Fixture.Directory)).Errors);

        Assert.Equal("alias *t refers to a node that contains it", error.Message);
        Assert.Equal((1, 14), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("list: &l [a, b]\n? *l\n: 1\n")]
    [InlineData("? [a, b]\n: 1\n")]
    [InlineData("? {a: b}\n: 1\n")]
    public void Keys_that_are_lists_or_mappings_are_refused_before_the_loader_compares_them(string yaml)
    {
        var error = Assert.Single(Bounded(() => ConfigLoader.Parse(yaml, "keys.yml", Fixture.Directory)).Errors);

        Assert.Equal("mapping keys must be plain strings, not a list or a mapping", error.Message);
    }

    [Fact]
    public void A_huge_duplicate_key_is_not_quoted_in_full()
    {
        // Explicit keys (?): an implicit key is limited to 1024 characters.
        var key = new string('k', 1_000_000);

        var error = Assert.Single(Bounded(() => ConfigLoader.Parse($"? {key}\n: 1\n? {key}\n: 2\n", "dup.yml", Fixture.Directory)).Errors);

        Assert.StartsWith("YAML syntax error: Duplicate key", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 1, ConfigErrorList.MaxMessageLength);
    }

    [Fact]
    public void Control_characters_in_a_message_are_escaped()
    {
        var error = Assert.Single(Bounded(() => ConfigLoader.Parse("global:\n  interval: \"\\e[31m\\0\"\n", "ctl.yml", Fixture.Directory)).Errors);

        Assert.Contains("\\u001b[31m\\u0000", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }

    private static ConfigLoadResult Bounded(Func<ConfigLoadResult> load)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var result = load();

        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"{elapsed.TotalMilliseconds:0.0} ms, {allocated / 1024} KiB allocated, {result.Errors.Count} errors");
        Assert.Null(result.Config);
        Assert.True(elapsed < _timeBound, $"took {elapsed}");
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
        Assert.True(result.Errors.Sum(e => e.ToString().Length) < 128 * 1024, "the error text is not bounded");
        return result;
    }
}
