using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using PushExporter.Configuration;

namespace PushExporter.Tests.Configuration;

/// <summary>
/// The configuration loader under random input: bytes, YAML-shaped noise, deep nesting, alias
/// programs, huge scalars and mutations of a valid file. Every input ends in a configuration or
/// in bounded errors, within a time and an allocation bound; nothing throws, nothing crashes.
/// </summary>
public sealed class ConfigLoaderFuzzTests
{
    private static readonly TimeSpan _perInputBound = TimeSpan.FromSeconds(5);
    private const long AllocationBound = 64L * 1024 * 1024;
    private const int MaxErrorText = (ConfigErrorList.MaxErrors + 1) * (ConfigErrorList.MaxMessageLength + 200);

    private static readonly string[] _tokens =
    [
        "{", "}", "[", "]", ":", ": ", ", ", "- ", "? ", "&a ", "&b ", "*a", "*b", "!!str ", "!t ", "|", ">", "#", "\"", "'",
        "\n", "\n  ", "\n    ", "\t", "---\n", "...\n", "%YAML 1.2\n", "global", "targets", "modules", "interval", "30s",
        "name", "edge", "access_edge_fqdn", "port", "5061", "~", "null", "true", "\\", "\u00e9", "\ufeff", "\0", "<<",
    ];

    [Fact]
    public void Random_bytes_end_in_errors_never_an_exception() =>
        Gen.Byte.Array[0, 4000].Sample(bytes => Load(Encoding.UTF8.GetString(bytes)), iter: 500);

    [Fact]
    public void Yaml_shaped_noise_ends_in_errors_never_an_exception() =>
        Gen.OneOf<string>(_tokens).Array[0, 300].Sample(tokens => Load(string.Concat(tokens)), iter: 3000);

    [Fact]
    public void Nesting_of_any_depth_is_refused_beyond_the_bound_and_never_overflows_the_stack() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.OneOf<string>("[", "{a: ", "- ", "a:\n"), Gen.Bool).Sample((depth, open, closed) =>
        {
            var yaml = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                // Block levels need their indentation; flow levels nest on one line.
                yaml.Append(open.EndsWith('\n') ? open + new string(' ', Math.Min(i + 1, 200)) : open);
            }

            yaml.Append('1');
            if (closed && open is "[" or "{a: ")
            {
                yaml.Append(open == "[" ? ']' : '}', depth);
            }

            var errors = Load(yaml.ToString());
            if (depth > BoundedYamlParser.MaxDepth && open is "[" or "{a: " or "- ")
            {
                Assert.Contains(errors, e => e.Message == $"nesting deeper than {BoundedYamlParser.MaxDepth} levels");
            }
        }, iter: 200);

    [Fact]
    public void Alias_programs_are_refused_exactly_when_they_expand_beyond_the_bound() =>
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 16]).Sample((levels, fanOut) =>
        {
            // modules: {l0: &l0 [x ...], l1: &l1 [*l0 ...], ...}; the top mapping, "modules" and its mapping are 3 nodes.
            var yaml = new StringBuilder("modules:\n");
            var expanded = 3L;
            var previous = 0L;
            for (var level = 0; level < levels; level++)
            {
                var element = level == 0 ? "x" : $"*l{level - 1}";
                yaml.Append(CultureInfo.InvariantCulture, $"  l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(element, fanOut))}]\n");
                var size = 1 + (fanOut * (level == 0 ? 1 : previous));
                previous = size;
                expanded += 1 + size;
            }

            var errors = Load(yaml.ToString());
            var refused = errors.Any(e => e.Message.StartsWith("aliases expand to more than", StringComparison.Ordinal)
                || e.Message.StartsWith("the file holds more than", StringComparison.Ordinal));
            Assert.Equal(expanded > BoundedYamlParser.MaxNodes, refused);
        }, iter: 300);

    [Fact]
    public void Huge_scalars_are_never_quoted_in_full() =>
        Gen.Select(Gen.Int[0, 2_000_000], Gen.Char['\0', '\u00ff'], Gen.Int[0, 5]).Sample((length, fill, place) =>
        {
            var huge = new string(char.IsControl(fill) || fill is '"' or '\\' ? 'z' : fill, length);
            var yaml = place switch
            {
                0 => $"global:\n  interval: \"{huge}\"\n",
                1 => $"? \"{huge}\"\n: 1\n",
                2 => $"targets:\n  - name: \"{huge}\"\n    access_edge_fqdn: \"{huge}\"\n",
                3 => $"modules:\n  \"{huge}\": {{method: OPTIONS}}\n",
                4 => $"? \"{huge}\"\n: 1\n? \"{huge}\"\n: 2\n",
                _ => $"global: {{interval: \"{huge}\"\n",
            };

            foreach (var error in Load(yaml))
            {
                Assert.InRange(error.Message.Length, 0, ConfigErrorList.MaxMessageLength);
                Assert.InRange(error.Key.Length, 0, ConfigErrorList.MaxMessageLength);
            }
        }, iter: 40);

    [Fact]
    public void Mutations_of_a_valid_file_end_in_a_configuration_or_errors() =>
        Gen.Select(Gen.Int[0, 10_000], Gen.OneOf<string>(_tokens), Gen.Int[0, 2]).Array[1, 8].Sample(mutations =>
        {
            var yaml = File.ReadAllText(Fixture.Path("valid.yml"));
            foreach (var (position, token, kind) in mutations)
            {
                var at = position % (yaml.Length + 1);
                yaml = kind switch
                {
                    0 => yaml.Insert(at, token),
                    1 => yaml.Remove(at, Math.Min(token.Length, yaml.Length - at)),
                    _ => yaml.Remove(at, Math.Min(token.Length, yaml.Length - at)).Insert(at, token),
                };
            }

            Load(yaml);
        }, iter: 2000);

    // Loads from text on the calling thread, so that the allocation bound measures this input only.
    private static IReadOnlyList<ConfigError> Load(string yaml)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var result = ConfigLoader.Parse(yaml, "fuzz.yml", Fixture.Directory);

        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore - (yaml.Length * 4L);
        Assert.True(result.IsValid == (result.Errors.Count == 0), "a result is either valid or has errors");
        Assert.True(elapsed < _perInputBound, $"took {elapsed} for {yaml.Length} characters");
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes for {yaml.Length} characters");
        Assert.InRange(result.Errors.Count, 0, ConfigErrorList.MaxErrors + 1);
        Assert.InRange(result.Errors.Sum(e => e.ToString().Length), 0, MaxErrorText);
        return result.Errors;
    }
}
