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
    public async Task Verifies_passwords_against_bcrypt_hashes(string user, string password, bool valid)
    {
        using var verifier = new BasicAuthVerifier(_users);
        Assert.Equal(valid ? BasicAuthOutcome.Verified : BasicAuthOutcome.Refused, await Verify(verifier, user, password));
    }

    [Fact]
    public async Task A_cached_success_does_not_admit_another_password()
    {
        using var verifier = new BasicAuthVerifier(_users);

        Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));
        Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));
        Assert.Equal(BasicAuthOutcome.Refused, await Verify(verifier, "prometheus", "wrong"));
        Assert.Equal(BasicAuthOutcome.Refused, await Verify(verifier, "grafana", "correct horse"));
        Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));
    }

    [Fact]
    public async Task Runs_bcrypt_once_per_successful_user_and_password()
    {
        var bcryptRuns = 0;
        using var verifier = new BasicAuthVerifier(_users, (password, hash) =>
        {
            bcryptRuns++;
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }, 1, 8);

        for (var scrape = 0; scrape < 5; scrape++)
        {
            Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));
        }

        Assert.Equal(1, bcryptRuns);
        Assert.Equal(BasicAuthOutcome.Refused, await Verify(verifier, "prometheus", "wrong"));
        Assert.Equal(BasicAuthOutcome.Refused, await Verify(verifier, "prometheus", "wrong"));
        Assert.Equal(3, bcryptRuns);
    }

    [Fact]
    public async Task Bcrypt_runs_on_at_most_the_limit_a_verified_scrape_never_waits_for_it_and_a_flood_beyond_the_bound_is_turned_away()
    {
        using var release = new ManualResetEventSlim();
        var running = 0;
        var peak = 0;
        using var verifier = new BasicAuthVerifier(_users, (password, hash) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            if (password != "correct horse")
            {
                release.Wait(TestContext.Current.CancellationToken);
            }

            Interlocked.Decrement(ref running);
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }, maxConcurrent: 2, maxPending: 6);
        Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));

        // Six wrong passwords hold every pending place: two in bcrypt (which runs inline, so their calls
        // have not returned), four waiting for a thread (their calls have returned a pending task).
        var waiting = 0;
        var wrong = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var check = Verify(verifier, "prometheus", $"wrong {i}");
            Interlocked.Increment(ref waiting);
            return await check;
        }, TestContext.Current.CancellationToken)).ToList();
        await Until(() => Volatile.Read(ref running) == 2 && Volatile.Read(ref waiting) == 4);

        Assert.Equal(BasicAuthOutcome.Verified, await Verify(verifier, "prometheus", "correct horse"));
        Assert.Equal(BasicAuthOutcome.Busy, await Verify(verifier, "grafana", "one more"));
        release.Set();

        Assert.All(await Task.WhenAll(wrong), outcome => Assert.Equal(BasicAuthOutcome.Refused, outcome));
        Assert.Equal(2, peak);
        Assert.Equal(BasicAuthOutcome.Refused, await Verify(verifier, "grafana", "one more"));
    }

    [Fact]
    public void Is_enabled_only_with_users()
    {
        using var verifier = new BasicAuthVerifier(new Dictionary<string, string>());
        Assert.False(verifier.IsEnabled);
    }

    private static ValueTask<BasicAuthOutcome> Verify(BasicAuthVerifier verifier, string user, string password) =>
        verifier.VerifyAsync(user, password, TestContext.Current.CancellationToken);

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
