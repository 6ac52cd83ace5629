namespace PushExporter.Monitoring.Tests;

public sealed class ExternalToolTests
{
    [Fact]
    public void A_missing_tool_fails_with_the_packages_to_install()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExternalTool.Require("promtool-that-does-not-exist"));

        Assert.Contains("apt-get install prometheus prometheus-alertmanager", error.Message, StringComparison.Ordinal);
    }
}
