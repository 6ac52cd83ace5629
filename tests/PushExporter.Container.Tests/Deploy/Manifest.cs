using YamlDotNet.RepresentationModel;

namespace PushExporter.Container.Tests.Deploy;

/// <summary>A parsed YAML document with path-style access for assertions.</summary>
internal sealed class Manifest(string file, YamlMappingNode root)
{
    public string File { get; } = file;

    public YamlMappingNode Root { get; } = root;

    public string? Kind => Scalar(Root, "kind");

    /// <summary>Every document of every .yaml / .yml file in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<Manifest> LoadAll(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(Load)];

    public static IEnumerable<Manifest> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => new Manifest(file, (YamlMappingNode)d.RootNode));
    }

    /// <summary>The node at a dotted path (<c>spec.template.spec</c>); <c>[n]</c> indexes a sequence.</summary>
    public YamlNode? At(string path) => At(Root, path);

    public string? ScalarAt(string path) => (At(path) as YamlScalarNode)?.Value;

    public static YamlNode? At(YamlNode node, string path)
    {
        YamlNode? current = node;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var key = bracket < 0 ? part : part[..bracket];
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
            if (bracket >= 0 && current is YamlSequenceNode sequence)
            {
                var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                current = index < sequence.Children.Count ? sequence.Children[index] : null;
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string? Scalar(YamlNode node, string path) => (At(node, path) as YamlScalarNode)?.Value;
}
