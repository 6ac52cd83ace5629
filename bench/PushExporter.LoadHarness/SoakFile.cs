namespace PushExporter.LoadHarness;

/// <summary>A configuration file the soak writes before a reload.</summary>
internal enum SoakFile
{
    VariantA,
    VariantB,
    InvalidSyntax,
    InvalidValue,
    InvalidNesting,
}
