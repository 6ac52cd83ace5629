using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class MsDiagnosticsTests
{
    [Fact]
    public void Parses_code_reason_source_and_other_parameters()
    {
        const string value = "1008;reason=\"Unable to resolve DNS SRV record\";source=\"edge.contoso.com\";OriginalDomain=\"x\";dir=\"outbound\"";

        Assert.True(MsDiagnostics.TryParse(value, isPublic: false, out var diagnostics));

        Assert.Equal(1008, diagnostics.Code);
        Assert.Equal("Unable to resolve DNS SRV record", diagnostics.Reason);
        Assert.Equal("edge.contoso.com", diagnostics.Source);
        Assert.False(diagnostics.IsPublic);
        Assert.Equal("x", diagnostics.Parameters["originaldomain"]);
        Assert.Equal("outbound", diagnostics.Parameters["Dir"]);
        Assert.Equal(2, diagnostics.Parameters.Count);
    }

    [Fact]
    public void Resolves_escapes_in_quoted_strings_and_matches_names_case_insensitively()
    {
        Assert.True(MsDiagnostics.TryParse(" 16007 ; REASON=\"Blocked by \\\"IM filter\\\"; prefix http:\" ;Source=edge ;flag", true, out var diagnostics));

        Assert.Equal(16007, diagnostics.Code);
        Assert.Equal("Blocked by \"IM filter\"; prefix http:", diagnostics.Reason);
        Assert.Equal("edge", diagnostics.Source);
        Assert.Equal(string.Empty, diagnostics.Parameters["flag"]);
        Assert.True(diagnostics.IsPublic);
    }

    [Fact]
    public void A_bare_code_is_enough()
    {
        Assert.True(MsDiagnostics.TryParse("1034", false, out var diagnostics));
        Assert.Equal(1034, diagnostics.Code);
        Assert.Null(diagnostics.Reason);
        Assert.Null(diagnostics.Source);
        Assert.Empty(diagnostics.Parameters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("reason=\"no code\"")]
    [InlineData("-5;reason=\"x\"")]
    [InlineData("1008;reason=\"unterminated")]
    [InlineData("1008;=value")]
    public void Rejects_values_without_a_code_or_with_broken_quoting(string value)
    {
        Assert.False(MsDiagnostics.TryParse(value, false, out var diagnostics));
        Assert.Null(diagnostics);
    }
}
