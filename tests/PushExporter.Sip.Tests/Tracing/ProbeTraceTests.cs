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
    public void Withheld_kinds_show_only_their_length()
    {
        var trace = new ProbeTrace(new FakeTimeProvider());
        trace.Add(TraceEntryKind.SipSent, "OPTIONS sip:push@push.lync.com SIP/2.0\r\n\r\n");
        trace.Add(TraceEntryKind.SipReceived, "SIP/2.0 200 OK secret\r\n\r\n");

        var text = trace.ToString(new HashSet<TraceEntryKind> { TraceEntryKind.SipReceived });

        Assert.Contains("SipSent: OPTIONS sip:push@push.lync.com SIP/2.0", text, StringComparison.Ordinal);
        Assert.Contains("SipReceived: (25 characters not shown)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("secret", trace.ToString(), StringComparison.Ordinal);
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

    [Fact]
    public void A_full_trace_counts_a_line_without_formatting_it()
    {
        var trace = new ProbeTrace();
        for (var i = 0; i < ProbeTrace.MaxEntries; i++)
        {
            trace.Add(TraceEntryKind.SipReceived, "SIP/2.0 100 Trying");
        }

        var formatted = 0;
        trace.Add(TraceEntryKind.SipReceived, 18, "SIP/2.0 100 Trying", text =>
        {
            formatted++;
            return text;
        });

        Assert.Equal(0, formatted);
        Assert.Equal(1, trace.Dropped);
    }

    [Fact]
    public void A_line_whose_bound_does_not_fit_the_characters_left_is_not_formatted()
    {
        var trace = new ProbeTrace();
        trace.Add(TraceEntryKind.Note, new string('x', ProbeTrace.MaxCharacters - 10));

        trace.Add(TraceEntryKind.SipReceived, 11, 0, _ => throw new InvalidOperationException("formatted"));
        trace.Add(TraceEntryKind.SipReceived, 10, "0123456789", static text => text);

        Assert.Equal(1, trace.Dropped);
        Assert.Equal("0123456789", trace.Entries[^1].Text);
    }
}
