using System.Diagnostics.CodeAnalysis;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Either the settings read from a Lync export, or a message naming the file and the problem,
/// and the file's last write time whenever it exists. A bad export is a per-target finding about
/// the export, so it is a value, never an exception.
/// </summary>
internal sealed record LyncExportResult<T>
    where T : class
{
    private LyncExportResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public string? Error { get; }

    /// <summary>When the file was last written (UTC), whenever it exists, readable or not.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public static LyncExportResult<T> Success(T value) => new(value, null);

    public static LyncExportResult<T> Failure(string error) => new(null, error);
}
