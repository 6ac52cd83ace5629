using System.Diagnostics;
using System.Globalization;
using System.Text;
using PushExporter.Configuration.Lync;
using PushExporter.Testing;

namespace PushExporter.Tests.Configuration.Lync;

/// <summary>
/// Issue 11, finding 5: exports that are not files, are endless, huge or deep, or that would be
/// echoed into logs and pages. Each ends in a failure naming the file and the problem, quickly,
/// and quotes the file's content only as a short escaped excerpt.
/// </summary>
public sealed class HostileExportTests : IDisposable
{
    private const string NotRegular = "empty, or not a regular file (a device, a FIFO or a socket)";

    private readonly TempDirectory _directory = TempDirectory.Create("exports");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Dev_zero_is_refused_without_being_read()
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        // Refused before any I/O, so the whole call runs on this thread.
        var reading = McxConfigurationReader.ReadAsync("/dev/zero", null, frontEndPool: null, TestContext.Current.CancellationToken);
        Assert.True(reading.IsCompleted, "/dev/zero was opened and read");
        var result = await reading;

        Assert.Equal($"/dev/zero: {NotRegular}", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, 0, 1024 * 1024);
    }

    [Fact]
    public async Task A_symbolic_link_to_dev_zero_is_refused_too()
    {
        var path = _directory.File("mcx.json");
        File.CreateSymbolicLink(path, "/dev/zero");

        var result = await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal($"{path}: {NotRegular}", result.Error);
    }

    [Fact]
    public async Task A_fifo_is_refused_without_opening_it()
    {
        var path = _directory.File("imfilter.json");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO for reading blocks until a writer comes: the old reader never returned.
        var result = await ImFilterConfigurationReader.ReadAsync(path, null, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal($"{path}: {NotRegular}", result.Error);
    }

    [Fact]
    public async Task A_directory_is_refused()
    {
        var result = await McxConfigurationReader.ReadAsync(_directory.Path, null, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal($"{_directory.Path}: a directory, not an export file", result.Error);
    }

    [Fact]
    public async Task A_file_over_4_MiB_is_refused_without_being_read()
    {
        var path = _directory.File("mcx.json");
        using (var file = File.Create(path))
        {
            file.SetLength(LyncExportFile.MaxBytes + 1);
        }

        var reading = McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken);
        Assert.True(reading.IsCompleted, "the file was read");

        Assert.Equal($"{path}: 4194305 bytes, larger than the 4 MiB an export may be", (await reading).Error);
    }

    [Fact]
    public async Task A_bare_json_string_is_quoted_as_a_short_excerpt()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, "\"" + new string('s', 1_000_000) + "\"", TestContext.Current.CancellationToken);

        var result = await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken);

        Assert.Equal(
            $"{path}: expected a JSON object or an array of objects from ConvertTo-Json, found the string \"{new string('s', 40)}…\" (1000000 characters)",
            result.Error);
    }

    [Fact]
    public async Task Quoted_values_are_escaped()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, "\"\\u001b[31m\\\"\\u0000<b>\"", TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.EndsWith("found the string \"\\u001B[31m\\\"\\u0000<b>\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error!, char.IsControl);
    }

    [Fact]
    public async Task An_excerpt_never_splits_a_surrogate_pair()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, "\"a" + string.Concat(Enumerable.Repeat("\U0001F600", 30)) + "\"", TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        // The 40th character is the first half of a pair: "a" and 19 whole pairs, escaped as JSON escapes them.
        Assert.EndsWith($"found the string \"a{string.Concat(Enumerable.Repeat("\\uD83D\\uDE00", 19))}…\" (61 characters)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpaired_surrogate_is_invalid_json_not_an_exception()
    {
        // Found by LyncExportFuzzTests: JsonDocument accepts the escape, JsonElement.GetString throws.
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, "{\"Identity\": \"\\ud800\"}", TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.StartsWith($"{path}: invalid JSON: Cannot read incomplete UTF-16 JSON text", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cmdlet_error_written_instead_of_json_is_invalid_json_at_its_first_character()
    {
        var path = _directory.File("imfilter.json");
        await File.WriteAllTextAsync(path, "Get-CsImFilterConfiguration : Access is denied.", TestContext.Current.CancellationToken);

        var error = (await ImFilterConfigurationReader.ReadAsync(path, null, TestContext.Current.CancellationToken)).Error;

        Assert.Equal($"{path}: invalid JSON at line 1, position 1: 'G' is an invalid start of a value.", error);
    }

    [Fact]
    public async Task Deep_nesting_is_invalid_json_at_the_depth_bound()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, new string('[', 100_000) + new string(']', 100_000), TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.StartsWith($"{path}: invalid JSON at line 1, position 33: ", error, StringComparison.Ordinal);
        Assert.Contains($"depth of {LyncExportFile.MaxDepth}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_scopes_without_global_are_listed_as_ten_and_a_count()
    {
        var path = _directory.File("mcx.json");
        var scopes = Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{{\"Identity\": \"Site:{i}{new string('x', 100)}\"}}"));
        await File.WriteAllTextAsync(path, "[" + string.Join(",", scopes) + "]", TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.StartsWith($"{path}: no Global scope among Site:0xxx", error, StringComparison.Ordinal);
        Assert.EndsWith(" and 990 more (the cmdlet always returns one)", error, StringComparison.Ordinal);
        Assert.InRange(error!.Length, 0, path.Length + 1000);
    }

    [Fact]
    public async Task A_huge_proxy_uri_is_refused_not_carried_into_evidence()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, $"{{\"Identity\": \"Global\", \"PushNotificationProxyUri\": \"sip:{new string('p', 100_000)}\"}}", TestContext.Current.CancellationToken);

        var error = (await McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, TestContext.Current.CancellationToken)).Error;

        Assert.Equal($"{path}: PushNotificationProxyUri of Global is the string \"sip:{new string('p', 36)}…\" (100004 characters), longer than the 1024 characters a SIP URI may have here", error);
    }

    [Fact]
    public async Task An_im_filter_of_a_hundred_thousand_prefixes_is_refused()
    {
        var path = _directory.File("imfilter.json");
        var json = new StringBuilder("{\"Identity\": \"Global\", \"Enabled\": true, \"Action\": \"Block\", \"Prefixes\": [");
        json.AppendJoin(',', Enumerable.Repeat("\"a:\"", 100_000)).Append("]}");
        await File.WriteAllTextAsync(path, json.ToString(), TestContext.Current.CancellationToken);

        var error = (await ImFilterConfigurationReader.ReadAsync(path, null, TestContext.Current.CancellationToken)).Error;

        Assert.Equal($"{path}: Prefixes is an array of 100000 entries (at most 256 are read), expected an array of strings of Global", error);
    }

    [Fact]
    public async Task The_probe_deadline_stops_a_read()
    {
        var path = _directory.File("mcx.json");
        await File.WriteAllTextAsync(path, "{\"Identity\": \"Global\"}", TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource();
        await deadline.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => McxConfigurationReader.ReadAsync(path, null, frontEndPool: null, deadline.Token));
    }
}
