using PushExporter.Configuration.Lync;
using PushExporter.Testing;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class AllowedDomainReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    [Fact]
    public async Task Reads_one_domain_written_as_an_object_and_an_empty_proxy_fqdn_as_none()
    {
        var result = await AllowedDomainReader.ReadAsync(Export("alloweddomains_push.json"), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        var domain = Assert.Single(result.Value);
        Assert.Equal(new AllowedDomain("push.lync.com", null), domain);
    }

    [Fact]
    public async Task Unwraps_powershell_value_and_count_arrays_and_compares_domains_case_insensitively()
    {
        var result = await AllowedDomainReader.ReadAsync(Export("alloweddomains_wrapped.json"), TestContext.Current.CancellationToken);

        Assert.Equal([new AllowedDomain("fabrikam.com", "sip.fabrikam.com"), new AllowedDomain("PUSH.LYNC.COM", "sipfed.online.lync.com")], result.Value);
        Assert.True(result.Value![1].Is("push.lync.com"));
    }

    [Fact]
    public async Task An_empty_array_means_none_configured()
    {
        var result = await AllowedDomainReader.ReadAsync(Export("alloweddomains_none.json"), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Empty(result.Value);
    }

    [Theory]
    [InlineData("alloweddomains_string.json", "expected a JSON array of objects (or one object) from ConvertTo-Json, found the string \"push.lync.com\"")]
    [InlineData("absent.json", "file not found")]
    public async Task Reports_what_is_not_the_expected_json(string file, string message)
    {
        var path = Export(file);

        Assert.Equal($"{path}: {message}", (await AllowedDomainReader.ReadAsync(path, TestContext.Current.CancellationToken)).Error);
    }

    // Names from an export end up in fix texts and pages: short, without control characters, quoted only as escaped excerpts.
    [Theory]
    [InlineData("""{"Domain": "push.lync.com", "ProxyFqdn": 5}""", "allowed domain push.lync.com: ProxyFqdn is the number 5, expected a string")]
    [InlineData("""{"Domain": "push.lync.com\u001b[31m"}""", "an allowed domain has no Domain or Identity (Domain is \"push.lync.com\\u001B[31m\", not a name (at most 256 characters, no control characters))")]
    [InlineData("""[{"Domain": "push.lync.com", "ProxyFqdn": "a\nb"}]""", "allowed domain push.lync.com: ProxyFqdn is \"a\\nb\", not a name (at most 256 characters, no control characters)")]
    public async Task Refuses_names_that_are_not_names(string json, string message)
    {
        using var directory = TempDirectory.Create("alloweddomains");
        var path = directory.File("alloweddomains.json");
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);

        Assert.Equal($"{path}: {message}", (await AllowedDomainReader.ReadAsync(path, TestContext.Current.CancellationToken)).Error);
    }
}
