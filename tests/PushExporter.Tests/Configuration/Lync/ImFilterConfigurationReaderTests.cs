using PushExporter.Configuration.Lync;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class ImFilterConfigurationReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    [Theory]
    [InlineData("imfilter_scopes_numbers.json")]
    [InlineData("imfilter_utf16.json")]
    public async Task Reads_numeric_actions_and_picks_the_site_scope(string file)
    {
        var global = (await ImFilterConfigurationReader.ReadAsync(Export(file), site: null, TestContext.Current.CancellationToken)).Value;
        var redmond = (await ImFilterConfigurationReader.ReadAsync(Export(file), site: "Redmond", TestContext.Current.CancellationToken)).Value;
        var warned = (await ImFilterConfigurationReader.ReadAsync(Export(file), site: "Warned", TestContext.Current.CancellationToken)).Value;

        Assert.NotNull(global);
        Assert.Equal("Global", global.Identity);
        Assert.False(global.Enabled);
        Assert.Equal("Allow", global.Action);
        Assert.Equal(8, global.Prefixes.Count);
        Assert.False(global.BlocksHttp);

        Assert.Equal(new ImFilterEffective("Site:Redmond", true, "Block", ["http:", "notes:"]), redmond);
        Assert.True(redmond!.BlocksHttp);

        Assert.Equal("Warn", warned!.Action);
        Assert.False(warned.BlocksHttp);
    }

    [Fact]
    public async Task Reads_a_single_object_with_a_string_action()
    {
        var result = await ImFilterConfigurationReader.ReadAsync(Export("imfilter_single_strings.json"), site: "Redmond", TestContext.Current.CancellationToken);

        Assert.Equal(new ImFilterEffective("Global", true, "Block", ["callto:", "HTTPS:"]), result.Value);
        Assert.True(result.Value!.BlocksHttp);
    }

    [Fact]
    public async Task Unwraps_powershell_value_and_count_arrays()
    {
        var result = await ImFilterConfigurationReader.ReadAsync(Export("imfilter_value_wrapper.json"), site: null, TestContext.Current.CancellationToken);

        Assert.Equal(new ImFilterEffective("Global", true, "Block", ["file:", "ftp:"]), result.Value);
        Assert.False(result.Value!.BlocksHttp);
    }

    [Theory]
    [InlineData("imfilter_unknown_shape.json", "Prefixes is an object, expected an array of strings")]
    [InlineData("imfilter_truncated.json", "ConvertTo-Json truncated it: export again with -Depth 5")]
    [InlineData("imfilter_bad_action.json", "Action is the number 7, expected Allow, Block, Warn")]
    [InlineData("garbage.json", "invalid JSON at line 3")]
    [InlineData("absent.json", "file not found")]
    public async Task Reports_unknown_shapes_clearly(string file, string message)
    {
        var path = Export(file);

        var result = await ImFilterConfigurationReader.ReadAsync(path, site: null, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.StartsWith($"{path}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "Block", "http:", true)]
    [InlineData(true, "Block", "HTTP:", true)]
    [InlineData(true, "Block", "https:", true)]
    [InlineData(true, "Block", "ftp:", false)]
    [InlineData(false, "Block", "http:", false)]
    [InlineData(true, "Allow", "http:", false)]
    [InlineData(true, "Warn", "http:", false)]
    public void Blocks_http_only_when_enabled_blocking_and_listing_http(bool enabled, string action, string prefix, bool blocks) =>
        Assert.Equal(blocks, new ImFilterEffective("Global", enabled, action, [prefix]).BlocksHttp);

    [Theory]
    [InlineData(0, "Allow")]
    [InlineData(1, "Block")]
    [InlineData(2, "Warn")]
    [InlineData(3, null)]
    [InlineData(-1, null)]
    public void Maps_action_numbers_in_declaration_order(int number, string? action) =>
        Assert.Equal(action, ImFilterActions.FromNumber(number));
}
