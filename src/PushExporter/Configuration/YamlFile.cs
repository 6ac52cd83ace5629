using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>
/// Reading and parsing a YAML file into the representation model, where every node keeps its
/// line and column. Unreadable files, syntax errors and every bound crossed become
/// <see cref="ConfigError"/>s; nothing a file holds escapes as an exception: the file is read
/// with a size bound, and <see cref="BoundedYamlParser"/> checks its shape event by event
/// before the model's recursive loader sees each event.
/// </summary>
internal static partial class YamlFile
{
    /// <summary>The largest file (or text) accepted: ten times a 10,000-target configuration.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    public static string? ReadText(string path, string description, ConfigErrorList errors)
    {
        try
        {
            // Not File.ReadAllText: a device or an endless pipe would be read until memory runs out.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (file.CanSeek && file.Length > MaxBytes)
            {
                errors.AddFileError(TooLarge(description));
                return null;
            }

            var bytes = ReadAtMost(file, MaxBytes + 1, out var length);
            if (length > MaxBytes)
            {
                errors.AddFileError(TooLarge(description));
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(bytes, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
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
    /// False on a syntax error or a bound crossed; otherwise the top-level mapping, or null for an
    /// empty file (or a top level that is not a mapping, which is reported).
    /// </summary>
    public static bool TryParse(string yaml, ConfigErrorList errors, out MappingReader? top)
    {
        top = null;
        if (yaml.Length > MaxBytes)
        {
            errors.AddFileError(TooLarge("the configuration text"));
            return false;
        }

        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new BoundedYamlParser(new Parser(scanner));
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (parser.Violation is null && e is YamlException syntax)
        {
            errors.Add(syntax.Start, string.Empty, $"YAML syntax error: {PositionPrefix().Replace(syntax.Message, string.Empty)}");
            return false;
        }
        catch (Exception e) when (parser.Violation is null && e is not OutOfMemoryException)
        {
            // YamlDotNet's scanner fails on some malformed input with InvalidOperationException and the
            // like (e.g. an unclosed flow mapping followed by a block key): still the file's fault.
            errors.Add(scanner.CurrentPosition, string.Empty, $"YAML syntax error: the parser failed here ({e.GetType().Name}); look for an unclosed bracket or quote before this point");
            return false;
        }
        catch (Exception) when (parser.Violation is not null)
        {
            // The loader stopped where the bounded parser ended the stream; the violation says why.
        }

        if (parser.Violation is { } violation)
        {
            errors.Add(violation.At, string.Empty, violation.Message);
            return false;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, string.Empty, "the file must hold a single YAML document");
        }

        top = MappingReader.Open(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, string.Empty, errors);
        return true;
    }

    private static string TooLarge(string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} is larger than {MaxBytes / (1024 * 1024)} MiB");

    private static byte[] ReadAtMost(Stream stream, int limit, out int length)
    {
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length == limit)
                {
                    return buffer;
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return buffer;
            }

            length += read;
        }
    }

    // YamlException's message repeats the position, which ConfigError already carries.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
