using PushExporter.Configuration.Lync;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class McxConfigurationReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    [Fact]
    public async Task Reads_a_single_object()
    {
        var result = await McxConfigurationReader.ReadAsync(Export("mcx_single.json"), site: null, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new McxEffective("Global", "sip:push@push.lync.com"), result.Value);
    }

    [Theory]
    [InlineData(null, "Global", "sip:push@push.lync.com")]
    [InlineData("Redmond", "Site:Redmond", "sip:push@push.contoso.com")]
    [InlineData("redmond", "Site:Redmond", "sip:push@push.contoso.com")]
    [InlineData("Dublin", "Global", "sip:push@push.lync.com")]
    public async Task Site_scope_wins_over_global(string? site, string identity, string uri)
    {
        var result = await McxConfigurationReader.ReadAsync(Export("mcx_scopes.json"), site, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal(new McxEffective(identity, uri), result.Value);
    }

    // Identity written as an XdsIdentity object rather than its string form.
    [Theory]
    [InlineData(null, "Global", "sip:push@push.lync.com")]
    [InlineData("Redmond", "Site:Redmond", "sip:push@push.lync.net")]
    [InlineData("Dublin", "Site:Dublin", "sip:push@push.dublin.test")]
    public async Task Reads_identities_serialized_as_objects(string? site, string identity, string uri)
    {
        var result = await McxConfigurationReader.ReadAsync(Export("mcx_identity_objects.json"), site, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new McxEffective(identity, uri), result.Value);
    }

    // The bad_uri check (written with the probe) compares these; the reader passes them on verbatim.
    [Theory]
    [InlineData("Upper", "SIP:push@PUSH.LYNC.COM")]
    [InlineData("UserCase", "sip:Push@push.lync.com")]
    [InlineData("Redmond", "sip:push@push.contoso.com")]
    [InlineData("Malformed", "push.lync.com")]
    [InlineData("Missing", null)]
    [InlineData("Absent", null)]
    public async Task Exposes_the_effective_uri_verbatim(string site, string? uri) =>
        Assert.Equal(uri, (await McxConfigurationReader.ReadAsync(Export("mcx_scopes.json"), site, frontEndPool: null, TestContext.Current.CancellationToken)).Value?.PushNotificationProxyUri);

    [Fact]
    public async Task Tolerates_a_utf8_bom_and_crlf()
    {
        var result = await McxConfigurationReader.ReadAsync(Export("mcx_utf8_bom.json"), "Redmond", frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal(new McxEffective("Site:Redmond", "sip:push@push.contoso.com"), result.Value);
    }

    [Fact]
    public async Task Reports_a_missing_file()
    {
        var path = Export("absent.json");

        Assert.Equal($"{path}: file not found", (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error);
    }

    [Fact]
    public async Task Reports_invalid_json_with_its_position()
    {
        var path = Export("garbage.json");

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{path}: invalid JSON at line 3, position ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redmond")]
    [InlineData("Dublin")]
    [InlineData(null)]
    public async Task An_export_without_a_global_scope_is_not_what_the_cmdlet_writes(string? site)
    {
        var path = Export("mcx_site_only.json");

        Assert.Equal(
            $"{path}: no Global scope among Site:Dublin (the cmdlet always returns one)",
            (await McxConfigurationReader.ReadAsync(path, site, frontEndPool: null, TestContext.Current.CancellationToken)).Error);
    }

    // Service:WebServer:<pool> (the most specific), then Site:<site>, then Global; identities compared case-insensitively.
    [Theory]
    [InlineData("pool01.litwareinc.com", "Redmond", "Service:WebServer:pool01.litwareinc.com", "sip:push@push.lync.net")]
    [InlineData("POOL01.LitwareInc.com", null, "Service:WebServer:pool01.litwareinc.com", "sip:push@push.lync.net")]
    [InlineData("pool02.litwareinc.com", "Redmond", "Site:Redmond", "sip:push@push.lync.com")]
    [InlineData("pool02.litwareinc.com", "Dublin", "Global", "sip:push@push.lync.com")]
    [InlineData(null, "redmond", "Site:Redmond", "sip:push@push.lync.com")]
    [InlineData(null, null, "Global", "sip:push@push.lync.com")]
    public async Task The_front_end_pool_scope_wins_over_site_and_global(string? pool, string? site, string identity, string uri)
    {
        var result = await McxConfigurationReader.ReadAsync(Export("mcx_webserver.json"), site, pool, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new McxEffective(identity, uri), result.Value);
    }

    [Fact]
    public async Task Carries_the_file_modification_time_whether_readable_or_not()
    {
        var good = Export("mcx_scopes.json");
        var bad = Export("garbage.json");

        var read = await McxConfigurationReader.ReadAsync(good, null, frontEndPool: null, TestContext.Current.CancellationToken);
        var unread = await McxConfigurationReader.ReadAsync(bad, null, frontEndPool: null, TestContext.Current.CancellationToken);
        var missing = await McxConfigurationReader.ReadAsync(Export("absent.json"), null, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(good), TimeSpan.Zero), read.ModifiedAt);
        Assert.False(unread.IsSuccess);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(bad), TimeSpan.Zero), unread.ModifiedAt);
        Assert.Null(missing.ModifiedAt);
    }
}
