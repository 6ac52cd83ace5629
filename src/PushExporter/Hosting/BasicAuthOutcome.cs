namespace PushExporter.Hosting;

/// <summary>What <see cref="BasicAuthVerifier"/> made of one set of credentials.</summary>
internal enum BasicAuthOutcome
{
    /// <summary>The user exists and the password is theirs.</summary>
    Verified,

    /// <summary>Unknown user or wrong password: 401.</summary>
    Refused,

    /// <summary>Too many bcrypt checks running or waiting to take another: 429, try again.</summary>
    Busy,
}
