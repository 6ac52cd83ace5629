using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Testing;

namespace PushExporter.Tests.Configuration;

/// <summary>
/// A reload that fails in any way — an invalid file, an exception while loading it or while
/// applying it — is refused with the reason, and the last good configuration keeps running.
/// </summary>
public sealed class ConfigHolderTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("holder");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private string ConfigPath => _directory.File("pushexporter.yml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_exception_while_loading_is_a_refused_reload_with_the_reason()
    {
        var holder = Holder("old", admission: _ => throw new InvalidOperationException("the admission broke"));
        File.WriteAllText(ConfigPath, Targets("new"));
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = holder.Reload();

        var error = Assert.Single(result.Errors);
        Assert.Contains("the reload failed while loading it: InvalidOperationException: \"the admission broke\"", error.ToString(), StringComparison.Ordinal);
        Assert.False(holder.LastReloadSuccessful);
        Assert.Equal(result.Errors, holder.LastErrors);
        Assert.Equal("old", Assert.Single(holder.Current.Targets).Name);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(1), holder.LastSuccessfulReload);
    }

    [Fact]
    public void A_subscriber_that_cannot_take_the_new_configuration_undoes_the_reload()
    {
        var holder = Holder("old");
        var seen = new List<string>();
        holder.Changed += config => seen.Add(config.Targets[0].Name);
        holder.Changed += config =>
        {
            if (config.Targets[0].Name == "new")
            {
                throw new InvalidOperationException("cannot apply");
            }
        };
        File.WriteAllText(ConfigPath, Targets("new"));
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = holder.Reload();

        Assert.Contains("the reload failed while applying it: InvalidOperationException: \"cannot apply\"", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
        Assert.False(holder.LastReloadSuccessful);
        Assert.Equal("old", holder.Current.Targets[0].Name);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(1), holder.LastSuccessfulReload);

        // Whoever saw the new configuration is told the old one is back.
        Assert.Equal(["new", "old"], seen);
    }

    [Fact]
    public void A_valid_reload_after_a_refused_one_is_taken()
    {
        var holder = Holder("old");
        File.WriteAllText(ConfigPath, "global: {interval: 30s\ntargets:\n");
        Assert.NotEmpty(holder.Reload().Errors);
        File.WriteAllText(ConfigPath, Targets("new"));

        Assert.Empty(holder.Reload().Errors);
        Assert.True(holder.LastReloadSuccessful);
        Assert.Empty(holder.LastErrors);
        Assert.Equal("new", holder.Current.Targets[0].Name);
    }

    private ConfigHolder Holder(string target, Func<ExporterConfig, string?>? admission = null)
    {
        File.WriteAllText(ConfigPath, Targets(target));
        return new ConfigHolder(ConfigPath, ConfigLoader.Load(ConfigPath).Config!, _time, admission);
    }

    private static string Targets(string name) => $"targets:\n  - name: {name}\n    access_edge_fqdn: {name}.contoso.test\n";
}
