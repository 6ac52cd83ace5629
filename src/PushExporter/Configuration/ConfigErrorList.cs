using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Configuration;

/// <summary>Collects every error of one file, so that a user fixes them all in one pass.</summary>
internal sealed class ConfigErrorList(string file)
{
    private readonly List<ConfigError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(YamlNode node, string key, string message) => Add(node.Start, key, message);

    public void Add(Mark mark, string key, string message) =>
        _errors.Add(new ConfigError(File, (int)mark.Line, (int)mark.Column, key, message));

    public void AddFileError(string message) => _errors.Add(new ConfigError(File, 0, 0, string.Empty, message));
}
