namespace PushExporter.Configuration;

/// <summary>
/// One problem in a configuration file. <paramref name="Key"/> is a path such as
/// <c>targets[2].tls.ca_file</c>, empty for file-level problems; lines and columns are 1-based.
/// </summary>
internal sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() =>
        Key.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Key}: {Message}";
}
