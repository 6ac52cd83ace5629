using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>
/// Reads one YAML mapping key by key, reporting type errors against the key's path and
/// line, and, in <see cref="ReportUnknownKeys"/>, every key that nothing asked for.
/// </summary>
internal sealed class MappingReader
{
    private const int MaxQuoted = 64;

    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly ConfigErrorList _errors;

    private MappingReader(YamlMappingNode node, string path, ConfigErrorList errors)
    {
        Node = node;
        Path = path;
        _errors = errors;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } scalar)
            {
                _entries[name] = (scalar, value);
            }
            else
            {
                errors.Add(key, path, "keys must be plain strings");
            }
        }
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    /// <summary>Null when the node is absent or null; an error when it is not a mapping.</summary>
    public static MappingReader? Open(YamlNode? node, string path, ConfigErrorList errors)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(mapping, path, errors);
        }

        errors.Add(node, path, "must be a mapping");
        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public string KeyPath(string key) => Join(Path, key);

    /// <summary>Every entry, for mappings whose keys are names chosen by the user.</summary>
    public IEnumerable<(string Name, YamlScalarNode Key, YamlNode Value)> Entries()
    {
        foreach (var (name, (key, value)) in _entries)
        {
            _asked.Add(name);
            yield return (name, key, value);
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent or explicitly null.</summary>
    public YamlNode? Get(string key)
    {
        _asked.Add(key);
        return _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry.Value : null;
    }

    public string? GetString(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        _errors.Add(node, KeyPath(key), "must be a string");
        return null;
    }

    public bool? GetBool(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        // YAML 1.2 core schema booleans only: "yes"/"on" are the Norway problem, not booleans.
        switch ((node as YamlScalarNode)?.Value)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                _errors.Add(node, KeyPath(key), $"must be true or false, not {Describe(node)}");
                return null;
        }
    }

    public int? GetInt(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        _errors.Add(node, KeyPath(key), $"must be an integer, not {Describe(node)}");
        return null;
    }

    /// <summary>A Prometheus duration that must be greater than zero.</summary>
    public TimeSpan? GetDuration(string key)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var value, out var error))
        {
            _errors.Add(Get(key)!, KeyPath(key), error);
            return null;
        }

        if (value <= TimeSpan.Zero)
        {
            _errors.Add(Get(key)!, KeyPath(key), $"must be greater than zero, not {Quote(text)}");
            return null;
        }

        return value;
    }

    /// <summary>A file path, resolved against <paramref name="baseDirectory"/> (the configuration file's directory).</summary>
    public string? GetFilePath(string key, string baseDirectory, bool mustExist)
    {
        var value = GetString(key);
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0)
        {
            Error(key, "must not be empty");
            return null;
        }

        var fullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, value));
        if (mustExist && !File.Exists(fullPath))
        {
            Error(key, $"file not found: {fullPath}");
            return null;
        }

        return fullPath;
    }

    public YamlSequenceNode? GetSequence(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            default:
                _errors.Add(node, KeyPath(key), "must be a list");
                return null;
        }
    }

    public void Error(string key, string message) =>
        _errors.Add(_entries.TryGetValue(key, out var entry) ? entry.Value : Node, KeyPath(key), message);

    public void ReportUnknownKeys()
    {
        foreach (var (name, (key, _)) in _entries)
        {
            if (!_asked.Contains(name))
            {
                var suggestion = Closest(name, _asked);
                _errors.Add(key, KeyPath(name), $"unknown key {Quote(name)} at line {key.Start.Line}{(suggestion is null ? string.Empty : $"; did you mean \"{suggestion}\"?")}");
            }
        }
    }

    /// <summary>The known key a typo most likely meant: within a third of its length in edits (at least 2), the nearest.</summary>
    internal static string? Closest(string name, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = Math.Max(2, name.Length / 3) + 1;
        foreach (var candidate in known)
        {
            var distance = EditDistance(name, candidate, bestDistance);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    // Levenshtein distance, stopping early once every path exceeds the limit.
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit || a.Length > 256 || b.Length > 256)
        {
            return limit;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum >= limit)
            {
                return limit;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Quote(scalar.Value ?? string.Empty),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    /// <summary>A value as an error message quotes it: in full up to 64 characters, else its start and its length.</summary>
    public static string Quote(string value) => value.Length <= MaxQuoted
        ? $"\"{value}\""
        : string.Create(CultureInfo.InvariantCulture, $"\"{value.AsSpan(0, MaxQuoted)}…\" ({value.Length} characters)");
}
