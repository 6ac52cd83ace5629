using System.Diagnostics.CodeAnalysis;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// Either the effective settings read from a Lync export, or a message naming the file and
/// the problem. A bad export is a per-target probe error, so it is a value, never an exception.
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

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public static LyncExportResult<T> Success(T value) => new(value, null);

    public static LyncExportResult<T> Failure(string error) => new(null, error);
}
