namespace PushExporter.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Host_entry_point_returns_zero() => Assert.Equal(0, PushExporter.Program.Main());
}
