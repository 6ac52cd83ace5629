using PushExporter.Sip.Message;

namespace PushExporter.Sip.Tests.Message;

public sealed class SipRequestIdentifiersTests
{
    private const int Draws = 2_000;

    [Fact]
    public void Fresh_identifiers_have_the_promised_lengths_in_lowercase_hex()
    {
        var ids = SipRequestIdentifiers.NewRandom();

        Assert.Matches("^z9hG4bK[0-9a-f]{24}$", ids.Branch);
        Assert.Matches("^[0-9a-f]{16}$", ids.FromTag);
        Assert.Matches("^[0-9a-f]{32}$", ids.CallId);
    }

    [Fact]
    public void Every_hex_digit_of_every_identifier_varies_and_no_identifier_repeats()
    {
        // A GUID's version and variant bits, or any other fixed part, would hold one digit still.
        var draws = Enumerable.Range(0, Draws).Select(_ => SipRequestIdentifiers.NewRandom()).ToList();

        foreach (var (name, values) in new[]
        {
            ("branch", draws.Select(d => d.Branch[SipRequestIdentifiers.MagicCookie.Length..]).ToList()),
            ("from tag", draws.Select(d => d.FromTag).ToList()),
            ("Call-ID", draws.Select(d => d.CallId).ToList()),
        })
        {
            Assert.Equal(Draws, values.Distinct(StringComparer.Ordinal).Count());
            for (var position = 0; position < values[0].Length; position++)
            {
                var digits = values.Select(v => v[position]).Distinct().Count();
                Assert.True(digits >= 12, $"{name} digit {position} took only {digits} of 16 values in {Draws} draws");
            }
        }
    }
}
