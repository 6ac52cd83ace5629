using System.Globalization;

namespace PushExporter.Testing;

/// <summary>
/// SIPp as a user agent server on a free 127.0.0.1 port: it receives OPTIONS or MESSAGE,
/// pauses a scripted number of milliseconds and answers 200 OK (a clearing house whose
/// latency is known), or never answers at all. Runs in the foreground; killed on dispose.
/// </summary>
public sealed class SippPeer : IAsyncDisposable
{
    private const string Package = "sip-tester";

    private readonly PeerProcess _process;
    private readonly TempDirectory _directory;

    private SippPeer(PeerProcess process, TempDirectory directory, int port, PeerTransport transport, TimeSpan? answerAfter)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Transport = transport;
        AnswerAfter = answerAfter;
    }

    /// <summary>The port SIPp listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>UDP or TCP.</summary>
    public PeerTransport Transport { get; }

    /// <summary>The scripted pause before the 200 OK; null when SIPp never answers.</summary>
    public TimeSpan? AnswerAfter { get; }

    /// <summary>What SIPp wrote (its statistics screen and errors).</summary>
    public string Output => _process.Output;

    /// <summary>Starts a UAS that answers every OPTIONS or MESSAGE with 200 OK after <paramref name="pause"/>.</summary>
    public static Task<SippPeer> StartAnsweringAsync(PeerTransport transport, TimeSpan pause) => StartAsync(transport, pause);

    /// <summary>Starts a UAS that receives requests and never answers.</summary>
    public static Task<SippPeer> StartSilentAsync(PeerTransport transport) => StartAsync(transport, null);

    /// <summary>Kills SIPp and deletes its scenario file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<SippPeer> StartAsync(PeerTransport transport, TimeSpan? answerAfter)
    {
        var mode = transport switch
        {
            PeerTransport.Udp => "u1",
            PeerTransport.Tcp => "t1",
            _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "SippPeer speaks UDP or TCP; put StunnelTls in front for TLS"),
        };
        PeerProcess.Locate("sipp", Package);
        var directory = TempDirectory.Create("sipp");
        var scenario = directory.File("uas.xml");
        await File.WriteAllTextAsync(scenario, Scenario(answerAfter));
        var port = transport == PeerTransport.Udp ? FreePort.Udp() : FreePort.Tcp();
        var process = PeerProcess.Start("sipp", Package,
        [
            "-sf", scenario,
            "-i", "127.0.0.1",
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", mode,
            "-nostdin",
            // Scripted pauses as exact as SIPp can schedule them: a 1 ms timer resolution.
            "-timer_resol", "1",
            // Keeps SIPp's files (error log, stats) out of the test's working directory.
            "-trace_err", "-error_file", directory.File("errors.log"),
        ]);
        try
        {
            await process.WaitForListenersAsync(
                transport == PeerTransport.Tcp ? [port] : [],
                transport == PeerTransport.Udp ? [port] : [],
                TimeSpan.FromSeconds(10));
        }
        catch
        {
            await process.DisposeAsync();
            directory.Dispose();
            throw;
        }

        return new SippPeer(process, directory, port, transport, answerAfter);
    }

    private static string Scenario(TimeSpan? answerAfter)
    {
        // A silent UAS still receives the request (so SIPp does not count it as unexpected), then waits out any test.
        var answer = answerAfter is { } pause
            ? string.Create(CultureInfo.InvariantCulture, $"""
                  <pause milliseconds="{(long)pause.TotalMilliseconds}"/>
                  <send>
                    <![CDATA[
                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Server: SIPp clearing house
                Content-Length: 0

                    ]]>
                  </send>
                """)
            : """
                  <pause milliseconds="3600000"/>
                """;
        return $"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="PushExporter clearing house">
              <recv request="OPTIONS|MESSAGE" regexp_match="true"/>
            {answer}
            </scenario>

            """;
    }
}
