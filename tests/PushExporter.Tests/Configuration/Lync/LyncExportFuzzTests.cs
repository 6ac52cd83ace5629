using System.Diagnostics;
using System.Text;
using CsCheck;
using PushExporter.Configuration.Lync;
using PushExporter.Testing;

namespace PushExporter.Tests.Configuration.Lync;

/// <summary>
/// The six export readers under random files: bytes, JSON-shaped noise in UTF-8 and UTF-16, deep
/// nesting and huge values. Every file ends in settings or in a failure of bounded length,
/// within a time bound; nothing but cancellation throws.
/// </summary>
public sealed class LyncExportFuzzTests : IDisposable
{
    private static readonly TimeSpan _perFileBound = TimeSpan.FromSeconds(5);

    // The path, the longest fixed text, ten excerpted scope names and a cut JSON message.
    private const int MaxErrorBeyondPath = 1200;

    private static readonly string[] _tokens =
    [
        "{", "}", "[", "]", ":", ",", " ", "\n", "\"Identity\"", "\"Global\"", "\"Site:Redmond\"", "\"site:redmond\"",
        "\"PushNotificationProxyUri\"", "\"sip:push@push.lync.com\"", "\"Enabled\"", "\"Action\"", "\"Prefixes\"",
        "\"http:\"", "\"https:\"", "\"Block\"", "\"value\"", "\"Count\"", "\"ScopeClass\"", "\"SiteId\"", "1", "0", "-1",
        "\"EnableApplePushNotificationService\"", "\"AllowFederatedUsers\"", "\"ProxyFqdn\"", "\"Domain\"", "\"Name\"",
        "\"sipfed.online.lync.com\"", "\"push.lync.com\"", "\"Service:WebServer:pool01\"", "\"True\"",
        "1e999", "\"\U0001F600\"", "true", "false", "null", "\"System.Object[]\"", "\"\\u0000\"", "\"\\ud800\"", "//", "/*", "*/", "\"",
    ];

    private readonly TempDirectory _directory = TempDirectory.Create("export-fuzz");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task Random_bytes_end_in_settings_or_a_bounded_failure() =>
        Gen.Byte.Array[0, 4000].SampleAsync(ReadAll, iter: 300);

    [Fact]
    public Task Json_shaped_noise_in_utf8_and_utf16_ends_in_settings_or_a_bounded_failure() =>
        Gen.Select(Gen.OneOf<string>(_tokens).Array[0, 200], Gen.Int[0, 3]).SampleAsync((tokens, encoding) =>
        {
            var text = string.Concat(tokens);
            var bytes = encoding switch
            {
                0 => Encoding.UTF8.GetBytes(text),
                1 => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
                2 => [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)],
                _ => [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(text)],
            };
            return ReadAll(bytes);
        }, iter: 2000);

    [Fact]
    public Task Nesting_of_any_depth_ends_in_a_bounded_failure() =>
        Gen.Select(Gen.Int[0, 1_000_000], Gen.OneOf<string>("[", "{\"a\":", "{\"Identity\":")).SampleAsync(
            (depth, open) => ReadAll(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1")), iter: 60);

    [Fact]
    public Task Huge_values_are_never_quoted_in_full() =>
        Gen.Select(Gen.Int[0, 3_000_000], Gen.Int[0, 6]).SampleAsync((length, place) =>
        {
            var huge = new string('h', length);
            var json = place switch
            {
                0 => $"\"{huge}\"",
                1 => $"{{\"Identity\": \"{huge}\"}}",
                2 => $"{{\"Identity\": \"Global\", \"PushNotificationProxyUri\": \"{huge}\", \"Enabled\": true, \"Action\": 1, \"Prefixes\": [\"{huge}\"]}}",
                3 => $"[{{\"Identity\": \"Site:{huge}\"}}, {{\"Identity\": \"Site:b{huge}\"}}]",
                4 => "1" + new string('0', length),
                5 => $"[{{\"Identity\": \"LyncOnline\", \"ProxyFqdn\": \"{huge}\", \"Enabled\": true, \"Domain\": \"{huge}\"}}]",
                _ => $"{{\"Identity\": {{\"ScopeClass\": \"Site\", \"Name\": \"{huge}\"}}}}",
            };
            return ReadAll(Encoding.UTF8.GetBytes(json));
        }, iter: 40);

    private async Task ReadAll(byte[] bytes)
    {
        var path = _directory.File($"{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var token = TestContext.Current.CancellationToken;
            var mcx = await McxConfigurationReader.ReadAsync(path, "Redmond", "pool01", token);
            var filter = await ImFilterConfigurationReader.ReadAsync(path, null, token);
            var push = await PushNotificationConfigurationReader.ReadAsync(path, "Redmond", token);
            var accessEdge = await AccessEdgeConfigurationReader.ReadAsync(path, null, token);
            var providers = await HostingProviderReader.ReadAsync(path, token);
            var domains = await AllowedDomainReader.ReadAsync(path, token);

            Assert.True(clock.Elapsed < _perFileBound, $"took {clock.Elapsed} for {bytes.Length} bytes");
            foreach (var (success, error) in new[] { (mcx.IsSuccess, mcx.Error), (filter.IsSuccess, filter.Error), (push.IsSuccess, push.Error), (accessEdge.IsSuccess, accessEdge.Error), (providers.IsSuccess, providers.Error), (domains.IsSuccess, domains.Error) })
            {
                Assert.InRange(error?.Length ?? 0, 0, path.Length + MaxErrorBeyondPath);
                Assert.True(success != (error is not null));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
