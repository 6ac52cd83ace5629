using PushExporter.Configuration.Lync;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class HostingProviderReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    // Raw ConvertTo-Json: Identity spelled out as an object (the provider's Name then names it), VerificationLevel as a number.
    [Fact]
    public async Task Reads_an_array_of_providers_as_ConvertTo_Json_writes_them()
    {
        var result = await HostingProviderReader.ReadAsync(Export("hostingproviders_hybrid.json"), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(
            [new HostingProvider("SkypeforBusinessOnline", "sipfed.online.lync.com", true), new HostingProvider("Fabrikam", "sip.fabrikam.com.", false)],
            result.Value);
        Assert.True(result.Value[0].Proxies("sipfed.online.lync.com"));
        Assert.True(result.Value[1].Proxies("SIP.fabrikam.com"));
    }

    [Fact]
    public async Task Reads_one_provider_written_as_an_object()
    {
        var result = await HostingProviderReader.ReadAsync(Export("hostingproviders_single_disabled.json"), TestContext.Current.CancellationToken);

        var provider = Assert.Single(result.Value!);
        Assert.Equal(new HostingProvider("LyncOnline", "SIPFED.online.lync.com", false), provider);
        Assert.True(provider.Proxies("sipfed.online.lync.com"));
    }

    [Fact]
    public async Task An_empty_array_means_none_configured()
    {
        var result = await HostingProviderReader.ReadAsync(Export("hostingproviders_none.json"), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Empty(result.Value);
    }

    [Theory]
    [InlineData("hostingproviders_bad_enabled.json", "hosting provider LyncOnline: Enabled is missing or not a boolean")]
    [InlineData("alloweddomains_string.json", "expected a JSON array of objects (or one object) from ConvertTo-Json, found the string \"push.lync.com\"")]
    [InlineData("pushnotification_global.json", "hosting provider Global: Enabled is missing or not a boolean")]
    public async Task Reports_what_is_not_the_expected_json(string file, string message)
    {
        var path = Export(file);

        Assert.Equal($"{path}: {message}", (await HostingProviderReader.ReadAsync(path, TestContext.Current.CancellationToken)).Error);
    }
}
