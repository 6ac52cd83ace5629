using CsCheck;
using PushExporter.Sip.Resolution;
using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Resolution;

public sealed class DnsMessageTests
{
    private const string FederationSrv = "_sipfederationtls._tcp.contoso.test";
    private const ushort Id = 0x2782;

    private static readonly DnsQuestion _question = DnsQuestion.TryCreate(FederationSrv, DnsRecordType.Srv, out _)!;

    [Fact]
    public void Names_compressed_into_earlier_names_are_read_whole()
    {
        // The first target points into the question ("contoso.test" at byte 35); the second into the first target.
        var answer = Answer();
        var firstTarget = answer.Length + 18;
        answer.Srv(10, 60, 5061, [6, .. "edge-a"u8, 0xC0, 35]);
        answer.Srv(10, 40, 5061, [6, .. "edge-b"u8, 0xC0, (byte)(firstTarget + 7)]);
        var message = answer.ToArray();

        var records = Read(message);

        Assert.Equal(["edge-a.contoso.test", "edge-b.contoso.test"], records.Records.Select(r => r.Target));
    }

    [Fact]
    public void Labels_are_matched_without_regard_to_case()
    {
        var query = new ReceivedDnsQuery(Id, "_SIPFederationTLS._TCP.Contoso.TEST", 33, 1, false);
        var message = DnsAnswerBuilder.AnswerTo(query).Srv(0, 0, 5061, "edge.contoso.test").ToArray();

        Assert.Null(DnsMessage.Mismatch(message, Id, _question, out _));
    }

    [Theory]
    [InlineData("edge..contoso.test", "a label of 0 characters")]
    [InlineData("edge contoso.test", "' ' is not a letter")]
    [InlineData("", "a label of 0 characters")]
    public void A_name_that_is_not_a_dns_name_is_refused_before_asking(string name, string reason)
    {
        Assert.Null(DnsQuestion.TryCreate(name, DnsRecordType.A, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_more_than_255_bytes_is_refused_before_asking()
    {
        Assert.Null(DnsQuestion.TryCreate(string.Join('.', Enumerable.Repeat(new string('a', 63), 4)), DnsRecordType.A, out var error));
        Assert.Contains("257 bytes long", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_refused_or_read_never_crash()
    {
        Gen.Byte.Array[0, 600].Sample(bytes => Check(bytes), iter: 20_000);
    }

    [Fact]
    public void Damaged_answers_are_read_or_refused_never_crash()
    {
        var answer = Answer();
        for (var i = 0; i < 20; i++)
        {
            answer.Srv((ushort)i, 10, 5061, [4, .. "edge"u8, 0xC0, 35]);
        }

        var intact = answer.ToArray();
        Gen.Select(Gen.Int[0, intact.Length - 1].Array[1, 8], Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var damaged = intact.ToArray();
            for (var i = 0; i < positions.Length; i++)
            {
                damaged[positions[i]] = values[i];
            }

            Check(damaged);
        }, iter: 20_000);
    }

    private static DnsAnswerBuilder Answer() => DnsAnswerBuilder.AnswerTo(new ReceivedDnsQuery(Id, FederationSrv, 33, 1, false));

    private static DnsAnswerRecords<SrvTarget> Read(byte[] message)
    {
        Assert.Null(DnsMessage.Mismatch(message, Id, _question, out var answersStart));
        return DnsAnswerSection.Read(message, answersStart, _question, SipDnsResolver.MaxRecords, DnsAnswerSection.Srv);
    }

    // What a hostile message may cause: a reason to ignore it, a MalformedDnsMessageException, or a refused alias chain.
    private static void Check(byte[] message)
    {
        if (DnsMessage.Mismatch(message, Id, _question, out var answersStart) is not null)
        {
            return;
        }

        try
        {
            var records = DnsAnswerSection.Read(message, answersStart, _question, SipDnsResolver.MaxRecords, DnsAnswerSection.Srv);
            Assert.InRange(records.Records.Count, 0, SipDnsResolver.MaxRecords);
        }
        catch (MalformedDnsMessageException e)
        {
            Assert.InRange(e.Offset, 0, message.Length);
            Assert.InRange(DnsMessage.Excerpt(message, e.Offset).Length, 1, 80);
        }
        catch (DnsAliasChainException)
        {
            // A chain of CNAMEs that the damage made loop: refused, as it should be.
        }
    }
}
