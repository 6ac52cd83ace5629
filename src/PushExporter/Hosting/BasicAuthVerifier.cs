using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PushExporter.Hosting;

/// <summary>
/// Checks basic-auth credentials against the bcrypt hashes of the web configuration.
/// bcrypt is deliberately slow, and Prometheus sends the same credentials on every scrape,
/// so a successful check is remembered as an HMAC of (user, password) under a key that lives
/// only in this process; later scrapes compare that digest in constant time instead, and never
/// wait for a bcrypt check. bcrypt itself runs on at most <see cref="MaxConcurrentChecks"/>
/// threads, and at most <see cref="MaxPendingChecks"/> checks run or wait: a flood of wrong
/// passwords costs a bounded share of the CPU and is turned away beyond that, as the
/// exporter-toolkit does with its one bcrypt mutex and its cache.
/// </summary>
internal sealed class BasicAuthVerifier : IDisposable
{
    /// <summary>bcrypt checks at once: half the cores, at least one, so the rest of the host keeps a core.</summary>
    public static readonly int MaxConcurrentChecks = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>bcrypt checks running or waiting for a thread; one more is answered <see cref="BasicAuthOutcome.Busy"/> at once.</summary>
    public const int MaxPendingChecks = 32;

    private readonly IReadOnlyDictionary<string, string> _hashes;
    private readonly Func<string, string, bool> _verifyHash;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly int _maxPending;

    private readonly SemaphoreSlim _checks;
    private int _pending;

    // One entry per configured user at most: the digest of the password last verified for them.
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    // Unknown users pay the same bcrypt cost as known ones, so timing does not reveal which users exist.
    private readonly Lazy<string> _decoyHash = new(() => BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), 10));

    public BasicAuthVerifier(IReadOnlyDictionary<string, string> bcryptHashesByUser)
        : this(bcryptHashesByUser, static (password, hash) => BCrypt.Net.BCrypt.Verify(password, hash), MaxConcurrentChecks, MaxPendingChecks)
    {
    }

    /// <summary>With the hash check and the bounds supplied, so that tests can count and hold bcrypt runs.</summary>
    internal BasicAuthVerifier(IReadOnlyDictionary<string, string> bcryptHashesByUser, Func<string, string, bool> verifyHash, int maxConcurrent, int maxPending)
    {
        _hashes = bcryptHashesByUser;
        _verifyHash = verifyHash;
        _checks = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        _maxPending = maxPending;
    }

    /// <summary>True when authentication is configured at all.</summary>
    public bool IsEnabled => _hashes.Count > 0;

    public async ValueTask<BasicAuthOutcome> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        var digest = Digest(user, password);
        if (_verified.TryGetValue(user, out var known) && CryptographicOperations.FixedTimeEquals(digest, known))
        {
            return BasicAuthOutcome.Verified;
        }

        if (Interlocked.Increment(ref _pending) > _maxPending)
        {
            Interlocked.Decrement(ref _pending);
            return BasicAuthOutcome.Busy;
        }

        try
        {
            await _checks.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_hashes.TryGetValue(user, out var hash))
                {
                    _verifyHash(password, _decoyHash.Value);
                    return BasicAuthOutcome.Refused;
                }

                if (!_verifyHash(password, hash))
                {
                    return BasicAuthOutcome.Refused;
                }

                _verified[user] = digest;
                return BasicAuthOutcome.Verified;
            }
            finally
            {
                _checks.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose() => _checks.Dispose();

    private byte[] Digest(string user, string password)
    {
        // The NUL separator keeps ("ab", "c") and ("a", "bc") apart; a user name cannot contain it in basic auth.
        var input = Encoding.UTF8.GetBytes($"{user}\0{password}");
        try
        {
            return HMACSHA256.HashData(_cacheKey, input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}
