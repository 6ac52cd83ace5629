using System.Globalization;
using System.Text.RegularExpressions;
using PushExporter.Classification;
using PushExporter.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>The <c>modules</c> section: built-in modules, overridden key by key, plus new ones.</summary>
internal static partial class ModuleParser
{
    // The probe writes these itself; letting a module set them would break the transaction.
    private static readonly HashSet<string> _reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Max-Forwards",
        "Content-Length", "l", "Content-Type", "c",
    };

    public static Dictionary<string, ModuleConfig> Parse(YamlNode? section, ConfigErrorList errors)
    {
        var modules = new Dictionary<string, ModuleConfig>(BuiltInModules.All, StringComparer.Ordinal);
        var reader = MappingReader.Open(section, "modules", errors);
        if (reader is null)
        {
            return modules;
        }

        foreach (var (name, key, value) in reader.Entries())
        {
            var path = reader.KeyPath(name);
            if (!ModuleNamePattern().IsMatch(name))
            {
                errors.Add(key, path, $"module name \"{name}\" may contain only letters, digits, '_', '-' and '.'");
                continue;
            }

            // A built-in module keeps the values a configured override leaves out.
            var baseModule = modules.GetValueOrDefault(name) ?? BuiltInModules.PushRoute;
            var moduleReader = MappingReader.Open(value, path, errors);
            modules[name] = moduleReader is null ? baseModule : ParseModule(moduleReader, baseModule, errors);
        }

        return modules;
    }

    private static ModuleConfig ParseModule(MappingReader reader, ModuleConfig baseModule, ConfigErrorList errors)
    {
        var module = baseModule;

        if (reader.GetString("method") is { } method)
        {
            if (!TokenPattern().IsMatch(method))
            {
                reader.Error("method", $"\"{method}\" is not a SIP method token");
            }
            else if (method.ToUpperInvariant() is "INVITE" or "ACK" or "CANCEL")
            {
                reader.Error("method", $"{method} is not supported: the probe runs a non-INVITE transaction (use OPTIONS or MESSAGE)");
            }
            else
            {
                module = module with { Method = method };
            }
        }

        if (reader.GetString("content_type") is { } contentType)
        {
            if (MediaTypePattern().IsMatch(contentType))
            {
                module = module with { ContentType = contentType };
            }
            else
            {
                reader.Error("content_type", $"\"{contentType}\" is not a media type such as text/plain");
            }
        }

        if (reader.GetString("body") is { } body)
        {
            module = module with { Body = body };
        }

        if (module.Body is { Length: > 0 } && module.ContentType is null)
        {
            reader.Error("content_type", "is required when the module has a body (RFC 3261 §20.15)");
        }

        if (ParseHeaders(reader, errors) is { } headers)
        {
            module = module with { Headers = headers };
        }

        if (ParseOverrides(reader, errors) is { } overrides)
        {
            module = module with { ReasonOverrides = overrides };
        }

        reader.ReportUnknownKeys();
        return module;
    }

    private static Dictionary<string, string>? ParseHeaders(MappingReader reader, ConfigErrorList errors)
    {
        var headers = MappingReader.Open(reader.Get("headers"), reader.KeyPath("headers"), errors);
        if (headers is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key, value) in headers.Entries())
        {
            var path = headers.KeyPath(name);
            if (!TokenPattern().IsMatch(name))
            {
                errors.Add(key, path, $"\"{name}\" is not a valid header name");
            }
            else if (_reservedHeaders.Contains(name))
            {
                errors.Add(key, path, $"{name} is written by the probe itself and cannot be set");
            }
            else if (value is not YamlScalarNode { Value: { } text })
            {
                errors.Add(value, path, "must be a string");
            }
            else if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                errors.Add(value, path, "must not contain line breaks");
            }
            else
            {
                result[name] = text;
            }
        }

        return result;
    }

    private static List<ResponseRule>? ParseOverrides(MappingReader reader, ConfigErrorList errors)
    {
        var sequence = reader.GetSequence("reason_overrides");
        if (sequence is null)
        {
            return null;
        }

        var result = new List<ResponseRule>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{reader.KeyPath("reason_overrides")}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode)
            {
                errors.Add(sequence.Children[i], path, "must be a mapping with status and/or ms_diagnostics, and reason");
                continue;
            }

            var item = MappingReader.Open(sequence.Children[i], path, errors)!;

            var before = errors.Count;
            // 1xx are absorbed by the transaction and 2xx are success: only final failures can be reclassified.
            var status = ParseRange(item, "status", 300, 699, errors);
            var diagnostics = ParseRange(item, "ms_diagnostics", 1, 99999, errors);
            var reason = item.GetString("reason");
            if (reason is null)
            {
                item.Error("reason", $"is required: one of {string.Join(", ", FailureReasons.All)}");
            }
            else if (!FailureReasons.All.Contains(reason))
            {
                item.Error("reason", $"unknown reason \"{reason}\": use one of {string.Join(", ", FailureReasons.All)}");
            }

            if (item.Get("status") is null && item.Get("ms_diagnostics") is null)
            {
                errors.Add(item.Node, path, "needs status, ms_diagnostics or both");
            }

            item.ReportUnknownKeys();
            if (errors.Count == before)
            {
                result.Add(ResponseRule.Override(status, diagnostics, reason!));
            }
        }

        return result;
    }

    /// <summary>A code (<c>480</c>) or an inclusive range (<c>16000-16999</c>).</summary>
    private static CodeRange? ParseRange(MappingReader reader, string key, int min, int max, ConfigErrorList errors)
    {
        var node = reader.Get(key);
        if (node is null)
        {
            return null;
        }

        var text = (node as YamlScalarNode)?.Value ?? string.Empty;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var firstText = dash < 0 ? text : text[..dash];
        var lastText = dash < 0 ? text : text[(dash + 1)..];
        if (int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first >= min && last <= max && first <= last)
        {
            return new CodeRange(first, last);
        }

        errors.Add(node, reader.KeyPath(key), $"must be a code or a range like {min}-{max} within {min}-{max}, not {MappingReader.Describe(node)}");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleNamePattern();

    // RFC 3261 §25.1 token.
    [GeneratedRegex(@"^[A-Za-z0-9\-.!%*_+`'~]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-.!%*_+`'~]+/[A-Za-z0-9\-.!%*_+`'~]+(\s*;.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaTypePattern();
}
