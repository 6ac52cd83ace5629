using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>
/// Reading and parsing a YAML file into the representation model, where every node keeps its
/// line and column; unreadable files and syntax errors become <see cref="ConfigError"/>s.
/// </summary>
internal static partial class YamlFile
{
    public static string? ReadText(string path, string description, ConfigErrorList errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.AddFileError(e is FileNotFoundException or DirectoryNotFoundException
                ? $"{description} not found: {Path.GetFullPath(path)}"
                : $"cannot read {description}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// False on a syntax error; otherwise the top-level mapping, or null for an empty file
    /// (or a top level that is not a mapping, which is reported).
    /// </summary>
    public static bool TryParse(string yaml, ConfigErrorList errors, out MappingReader? top)
    {
        top = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, string.Empty, $"YAML syntax error: {PositionPrefix().Replace(e.Message, string.Empty)}");
            return false;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, string.Empty, "the file must hold a single YAML document");
        }

        top = MappingReader.Open(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, string.Empty, errors);
        return true;
    }

    // YamlException's message repeats the position, which ConfigError already carries.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
