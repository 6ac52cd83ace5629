namespace PushExporter.Configuration.Lync;

/// <summary>
/// The <c>Action</c> of an IM filter (the cmdlets' <c>UrlFilterAction</c>: Allow | Block | Warn).
/// ConvertTo-Json writes an enum as its number. Microsoft documents only the names, in the
/// order Allow, Block, Warn, which is the order PowerShell's help syntax lists enum members
/// (by value); a .NET enum declared that way without explicit values is 0, 1, 2.
/// </summary>
internal static class ImFilterActions
{
    public const string Allow = "Allow";
    public const string Block = "Block";
    public const string Warn = "Warn";

    private static readonly string[] _byValue = [Allow, Block, Warn];

    public static string? FromNumber(int value) => value >= 0 && value < _byValue.Length ? _byValue[value] : null;

    public static string? FromName(string name) =>
        Array.Find(_byValue, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
}
