using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PushExporter.Hosting;

/// <summary>
/// Checks basic-auth credentials against the bcrypt hashes of the web configuration.
/// bcrypt is deliberately slow, and Prometheus sends the same credentials on every scrape,
/// so a successful check is remembered as an HMAC of (user, password) under a key that lives
/// only in this process; later scrapes compare that digest in constant time instead.
/// </summary>
internal sealed class BasicAuthVerifier
{
    private readonly IReadOnlyDictionary<string, string> _hashes;
    private readonly Func<string, string, bool> _verifyHash;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);

    // One entry per configured user at most: the digest of the password last verified for them.
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    // Unknown users pay the same bcrypt cost as known ones, so timing does not reveal which users exist.
    private readonly Lazy<string> _decoyHash = new(() => BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), 10));

    public BasicAuthVerifier(IReadOnlyDictionary<string, string> bcryptHashesByUser)
        : this(bcryptHashesByUser, static (password, hash) => BCrypt.Net.BCrypt.Verify(password, hash))
    {
    }

    /// <summary>With the hash check supplied, so that tests can count how often bcrypt runs.</summary>
    internal BasicAuthVerifier(IReadOnlyDictionary<string, string> bcryptHashesByUser, Func<string, string, bool> verifyHash)
    {
        _hashes = bcryptHashesByUser;
        _verifyHash = verifyHash;
    }

    /// <summary>True when authentication is configured at all.</summary>
    public bool IsEnabled => _hashes.Count > 0;

    public bool Verify(string user, string password)
    {
        var digest = Digest(user, password);
        if (_verified.TryGetValue(user, out var known) && CryptographicOperations.FixedTimeEquals(digest, known))
        {
            return true;
        }

        if (!_hashes.TryGetValue(user, out var hash))
        {
            _verifyHash(password, _decoyHash.Value);
            return false;
        }

        if (!_verifyHash(password, hash))
        {
            return false;
        }

        _verified[user] = digest;
        return true;
    }

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
