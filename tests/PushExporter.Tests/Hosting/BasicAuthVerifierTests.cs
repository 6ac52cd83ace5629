using PushExporter.Hosting;

namespace PushExporter.Tests.Hosting;

public sealed class BasicAuthVerifierTests
{
    private static readonly Dictionary<string, string> _users = new(StringComparer.Ordinal)
    {
        ["prometheus"] = "$2a$04$szGBeR2/HPUtE/RbJjdyo.gSPrm8AVIWdjF7jkapEEYL72hV87yti",
        ["grafana"] = "$2y$04$LFZFDc8B7MdYDTuOIuTtee679gThONprOkjT5tv4n3JAW36aDXn96",
    };

    [Theory]
    [InlineData("prometheus", "correct horse", true)]
    [InlineData("grafana", "battery staple", true)]
    [InlineData("prometheus", "battery staple", false)]
    [InlineData("prometheus", "Correct horse", false)]
    [InlineData("prometheus", "", false)]
    [InlineData("nobody", "correct horse", false)]
    [InlineData("Prometheus", "correct horse", false)]
    public void Verifies_passwords_against_bcrypt_hashes(string user, string password, bool valid) =>
        Assert.Equal(valid, new BasicAuthVerifier(_users).Verify(user, password));

    [Fact]
    public void A_cached_success_does_not_admit_another_password()
    {
        var verifier = new BasicAuthVerifier(_users);

        Assert.True(verifier.Verify("prometheus", "correct horse"));
        Assert.True(verifier.Verify("prometheus", "correct horse"));
        Assert.False(verifier.Verify("prometheus", "wrong"));
        Assert.False(verifier.Verify("grafana", "correct horse"));
        Assert.True(verifier.Verify("prometheus", "correct horse"));
    }

    [Fact]
    public void Runs_bcrypt_once_per_successful_user_and_password()
    {
        var bcryptRuns = 0;
        var verifier = new BasicAuthVerifier(_users, (password, hash) =>
        {
            bcryptRuns++;
            return BCrypt.Net.BCrypt.Verify(password, hash);
        });

        for (var scrape = 0; scrape < 5; scrape++)
        {
            Assert.True(verifier.Verify("prometheus", "correct horse"));
        }

        Assert.Equal(1, bcryptRuns);
        Assert.False(verifier.Verify("prometheus", "wrong"));
        Assert.False(verifier.Verify("prometheus", "wrong"));
        Assert.Equal(3, bcryptRuns);
    }

    [Fact]
    public void Is_enabled_only_with_users() =>
        Assert.False(new BasicAuthVerifier(new Dictionary<string, string>()).IsEnabled);
}
