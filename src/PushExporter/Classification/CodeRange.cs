namespace PushExporter.Classification;

/// <summary>An inclusive range of numeric codes; a single code is a range of one.</summary>
internal readonly record struct CodeRange(int First, int Last)
{
    public bool Contains(int code) => code >= First && code <= Last;

    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
