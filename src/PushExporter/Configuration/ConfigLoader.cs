using System.Globalization;
using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>
/// Loads the configuration file of PRODUCT.md: fills in defaults, then validates, collecting
/// every error with its key path, line and column. Never throws for a bad file.
/// </summary>
internal static class ConfigLoader
{
    public static ConfigLoadResult Load(string path)
    {
        var errors = new ConfigErrorList(path);
        return YamlFile.ReadText(path, "configuration file", errors) is { } text
            ? Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!)
            : new ConfigLoadResult(null, errors.Errors);
    }

    /// <summary>Parses YAML text; <paramref name="baseDirectory"/> anchors relative file paths.</summary>
    public static ConfigLoadResult Parse(string yaml, string fileName, string baseDirectory)
    {
        var errors = new ConfigErrorList(fileName);
        if (!YamlFile.TryParse(yaml, errors, out var top))
        {
            return new ConfigLoadResult(null, errors.Errors);
        }

        var global = ParseGlobal(top?.Get("global"), errors);
        var modules = ModuleParser.Parse(top?.Get("modules"), errors);
        var targets = ParseTargets(top, global, modules, baseDirectory, errors);
        top?.ReportUnknownKeys();

        return errors.Count == 0
            ? new ConfigLoadResult(new ExporterConfig(global, modules, targets), [])
            : new ConfigLoadResult(null, errors.Errors);
    }

    private static GlobalConfig ParseGlobal(YamlNode? node, ConfigErrorList errors)
    {
        var global = new GlobalConfig();
        var reader = MappingReader.Open(node, "global", errors);
        if (reader is null)
        {
            return global;
        }

        global = global with
        {
            Interval = reader.GetDuration("interval") ?? global.Interval,
            Timeout = reader.GetDuration("timeout") ?? global.Timeout,
            AllowAdhocTargets = reader.GetBool("allow_adhoc_targets") ?? false,
            Adhoc = new AdhocPolicy
            {
                AllowedNetworks = ParseNetworks(reader, errors) ?? AdhocPolicy.DefaultNetworks,
                AllowedPorts = ParsePorts(reader, errors) ?? AdhocPolicy.DefaultPorts,
                DebugPeerBytes = reader.GetBool("adhoc_debug_peer_bytes") ?? false,
            },
        };
        if (reader.GetInt("max_concurrent_probe_requests") is { } limit)
        {
            if (limit < 1)
            {
                reader.Error("max_concurrent_probe_requests", $"must be at least 1, not {limit}");
            }
            else
            {
                global = global with { MaxConcurrentProbeRequests = limit };
            }
        }

        if (global.Timeout > global.Interval)
        {
            reader.Error("timeout", $"{DurationParser.Format(global.Timeout)} exceeds interval ({DurationParser.Format(global.Interval)})");
        }

        if (reader.GetSequence("dns_servers") is { } servers)
        {
            var list = new List<string>();
            for (var i = 0; i < servers.Children.Count; i++)
            {
                var item = servers.Children[i];
                if (item is YamlScalarNode { Value: { } server } && HostSyntax.IsHostPort(server))
                {
                    list.Add(server);
                }
                else
                {
                    errors.Add(item, $"global.dns_servers[{i}]", $"{MappingReader.Describe(item)} is not host:port, e.g. 127.0.0.1:53 or [::1]:53");
                }
            }

            global = global with { DnsServers = list };
        }

        reader.ReportUnknownKeys();
        return global;
    }

    private static List<IPNetwork>? ParseNetworks(MappingReader reader, ConfigErrorList errors)
    {
        const string Key = "adhoc_allowed_networks";
        if (reader.GetSequence(Key) is not { } sequence)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var text = (item as YamlScalarNode)?.Value;
            if (text is not null && IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (text is not null && IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                errors.Add(item, $"global.{Key}[{i}]", $"{MappingReader.Describe(item)} is not a network in CIDR notation (10.0.0.0/8, 2001:db8::/32) or an address");
            }
        }

        if (sequence.Children.Count == 0)
        {
            reader.Error(Key, "must name at least one network; to refuse every ad hoc target, set allow_adhoc_targets: false");
        }

        return networks;
    }

    private static List<int>? ParsePorts(MappingReader reader, ConfigErrorList errors)
    {
        const string Key = "adhoc_allowed_ports";
        if (reader.GetSequence(Key) is not { } sequence)
        {
            return null;
        }

        var ports = new List<int>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
            {
                ports.Add(port);
            }
            else
            {
                errors.Add(item, $"global.{Key}[{i}]", $"{MappingReader.Describe(item)} is not a port, 1-65535");
            }
        }

        if (sequence.Children.Count == 0)
        {
            reader.Error(Key, "must name at least one port; to refuse every ad hoc target, set allow_adhoc_targets: false");
        }

        return ports;
    }

    private static List<TargetConfig> ParseTargets(
        MappingReader? top,
        GlobalConfig global,
        IReadOnlyDictionary<string, ModuleConfig> modules,
        string baseDirectory,
        ConfigErrorList errors)
    {
        var targets = new List<TargetConfig>();
        var sequence = top?.GetSequence("targets");
        if (sequence is null)
        {
            return targets;
        }

        var firstLineByName = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"targets[{i}]";
            var node = sequence.Children[i];
            if (node is not YamlMappingNode)
            {
                errors.Add(node, path, "must be a mapping with at least name and access_edge_fqdn");
                continue;
            }

            var reader = MappingReader.Open(node, path, errors)!;

            // Uniqueness is checked on the raw name so that a duplicate is reported even when the target has other errors.
            if (reader.Get("name") is YamlScalarNode { Value: { Length: > 0 } name } nameNode)
            {
                if (firstLineByName.TryGetValue(name, out var firstLine))
                {
                    errors.Add(nameNode, $"{path}.name", $"duplicate target name \"{name}\" (first defined at line {firstLine})");
                }
                else
                {
                    firstLineByName[name] = nameNode.Start.Line;
                }
            }

            if (TargetParser.Parse(reader, global, modules, baseDirectory, errors) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }
}
