using PushExporter.Configuration;
using PushExporter.Configuration.Lync;

namespace PushExporter.Tests.Configuration.Lync;

public sealed class PushNotificationConfigurationReaderTests
{
    private static string Export(string name) => Fixture.Path("lync", name);

    [Fact]
    public async Task Reads_a_single_global_object()
    {
        var result = await PushNotificationConfigurationReader.ReadAsync(Export("pushnotification_global.json"), "Redmond", TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new PushNotificationEffective("Global", Apple: true, Microsoft: false), result.Value);
    }

    // The site's settings replace Global's whole: here Global has both off, Redmond both on ("True" strings, as a CSV round trip leaves them).
    [Theory]
    [InlineData("Redmond", "Site:Redmond", true)]
    [InlineData("REDMOND", "Site:Redmond", true)]
    [InlineData("Dallas", "Global", false)]
    [InlineData(null, "Global", false)]
    public async Task The_site_scope_wins_over_global(string? site, string identity, bool on)
    {
        var result = await PushNotificationConfigurationReader.ReadAsync(Export("pushnotification_scopes.json"), site, TestContext.Current.CancellationToken);

        Assert.Equal(new PushNotificationEffective(identity, on, on), result.Value);
    }

    [Theory]
    [InlineData("pushnotification_site_only.json", "no Global scope among Site:Redmond")]
    [InlineData("pushnotification_missing_flag.json", "EnableMicrosoftPushNotificationService of Global is missing or not a boolean")]
    [InlineData("garbage.json", "invalid JSON at line 3")]
    [InlineData("absent.json", "file not found")]
    public async Task Reports_what_is_not_the_expected_json(string file, string message)
    {
        var path = Export(file);

        var result = await PushNotificationConfigurationReader.ReadAsync(path, "Redmond", TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.StartsWith($"{path}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, (int)PushServices.Apple, true)]
    [InlineData(true, false, (int)PushServices.Microsoft, false)]
    [InlineData(true, false, (int)(PushServices.Apple | PushServices.Microsoft), false)]
    [InlineData(true, true, (int)(PushServices.Apple | PushServices.Microsoft), true)]
    [InlineData(false, true, (int)PushServices.Microsoft, true)]
    public void Enables_the_required_services_only_when_each_is_on(bool apple, bool microsoft, int required, bool enables) =>
        Assert.Equal(enables, new PushNotificationEffective("Global", apple, microsoft).Enables((PushServices)required));
}
