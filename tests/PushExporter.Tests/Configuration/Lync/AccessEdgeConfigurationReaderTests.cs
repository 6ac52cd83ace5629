using PushExporter.Configuration.Lync;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class AccessEdgeConfigurationReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    // Older exports write enums (RoutingMethod, VerificationLevel) as numbers, newer ones as strings: neither matters to the reader.
    [Theory]
    [InlineData("accessedge_numbers.json", true)]
    [InlineData("accessedge_strings_off.json", false)]
    public async Task Reads_allow_federated_users_whatever_the_enum_spelling(string file, bool allowed)
    {
        var result = await AccessEdgeConfigurationReader.ReadAsync(Export(file), "Redmond", TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new AccessEdgeEffective("Global", allowed), result.Value);
    }

    [Theory]
    [InlineData("pushnotification_global.json", "AllowFederatedUsers of Global is missing or not a boolean")]
    [InlineData("alloweddomains_string.json", "expected a JSON object or an array of objects from ConvertTo-Json, found the string \"push.lync.com\"")]
    [InlineData("hostingproviders_none.json", "no Global scope among no scopes")]
    public async Task Reports_what_is_not_the_expected_json(string file, string message)
    {
        var path = Export(file);

        var result = await AccessEdgeConfigurationReader.ReadAsync(path, null, TestContext.Current.CancellationToken);

        Assert.Equal($"{path}: {message}", result.Error?.Replace(" (the cmdlet always returns one)", string.Empty, StringComparison.Ordinal));
    }
}
