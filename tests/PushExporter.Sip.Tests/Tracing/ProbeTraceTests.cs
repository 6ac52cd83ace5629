using Microsoft.Extensions.Time.Testing;
using PushExporter.Sip.Tracing;

namespace PushExporter.Sip.Tests.Tracing;

public sealed class ProbeTraceTests
{
    [Fact]
    public void Entries_carry_their_offset_from_the_start()
    {
        var time = new FakeTimeProvider();
        var trace = new ProbeTrace(time);
        trace.Add(TraceEntryKind.Note, "first");
        time.Advance(TimeSpan.FromMilliseconds(250));
        trace.Add(TraceEntryKind.SipSent, "OPTIONS sip:push@push.lync.com SIP/2.0\r\n\r\n");

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(250)], trace.Entries.Select(e => e.Offset));
        Assert.Contains("[  250.000 ms] SipSent: OPTIONS sip:push@push.lync.com SIP/2.0", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_beyond_the_bound_are_counted_not_kept()
    {
        var trace = new ProbeTrace();
        for (var i = 0; i < ProbeTrace.MaxEntries + 10; i++)
        {
            trace.Add(TraceEntryKind.SipReceived, "SIP/2.0 100 Trying");
        }

        Assert.Equal(ProbeTrace.MaxEntries, trace.Entries.Count);
        Assert.Equal(10, trace.Dropped);
        Assert.Contains("10 more lines not kept", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void One_huge_line_does_not_exceed_the_character_bound()
    {
        var trace = new ProbeTrace();
        trace.Add(TraceEntryKind.SipReceived, new string('x', ProbeTrace.MaxCharacters + 1));

        Assert.Empty(trace.Entries);
        Assert.Equal(1, trace.Dropped);
    }
}
