using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PushExporter.Testing;

/// <summary>
/// SIPp as a user agent server on a free 127.0.0.1 port: it receives OPTIONS or MESSAGE,
/// pauses a scripted number of milliseconds and answers 200 OK (a clearing house whose
/// latency is known), or never answers at all. Runs in the foreground; killed on dispose.
/// Its message log (<c>-trace_msg</c>) stamps every message it receives and sends in
/// microseconds, which gives its own answer time for each request (<see cref="AnswerTimeAsync"/>).
/// </summary>
public sealed partial class SippPeer : IAsyncDisposable
{
    private const string InstallHint = "apt-get install sip-tester";
    private const string MessageLog = "messages.log";

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

    /// <summary>
    /// SIPp's own time from receiving the request with <paramref name="callId"/> to sending its
    /// answer, from the stamps of its message log: the peer's actual answer time, measured
    /// without the client under test. Waits (up to <paramref name="timeout"/>) for the answer's entry.
    /// </summary>
    public async Task<TimeSpan> AnswerTimeAsync(string callId, TimeSpan timeout) =>
        (await WaitForAnswersAsync(answers => answers.FirstOrDefault(a => a.CallId == callId).CallId is not null, $"an answer to Call-ID {callId}", timeout))
            .First(a => a.CallId == callId).Time;

    /// <summary>
    /// SIPp's answer times (as <see cref="AnswerTimeAsync"/>) of every call it answered, in the
    /// order it answered them, once there are at least <paramref name="count"/>: for a client whose
    /// Call-IDs the test cannot see, such as the <c>probe</c> command run as its own process.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> AnswerTimesAsync(int count, TimeSpan timeout) =>
        [.. (await WaitForAnswersAsync(answers => answers.Count >= count, $"{count} answers", timeout)).Select(a => a.Time)];

    private async Task<List<(string CallId, TimeSpan Time)>> WaitForAnswersAsync(Func<List<(string CallId, TimeSpan Time)>, bool> enough, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answers = new List<(string CallId, TimeSpan Time)>();
            if (File.Exists(_directory.File(MessageLog)))
            {
                // SIPp appends while this reads: share the file, and ignore a last entry still being written.
                await using var file = new FileStream(_directory.File(MessageLog), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(file);
                var log = await reader.ReadToEndAsync();
                var received = new Dictionary<string, DateTime>(StringComparer.Ordinal);
                foreach (Match entry in LogEntry().Matches(log))
                {
                    var callId = entry.Groups["callId"].Value.Trim();
                    var at = DateTime.ParseExact(entry.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                    if (entry.Groups["direction"].Value == "received")
                    {
                        received.TryAdd(callId, at);
                    }
                    else if (received.Remove(callId, out var start))
                    {
                        answers.Add((callId, at - start));
                    }
                }
            }

            if (enough(answers))
            {
                return answers;
            }

            if (deadline.Elapsed > timeout)
            {
                throw _process.Failure($"not {what} in its message log after {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

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
        PeerProcess.Locate("sipp", InstallHint);
        var directory = TempDirectory.Create("sipp");
        var scenario = directory.File("uas.xml");
        await File.WriteAllTextAsync(scenario, Scenario(answerAfter));
        var port = transport == PeerTransport.Udp ? FreePort.Udp() : FreePort.Tcp();
        var process = PeerProcess.Start("sipp", InstallHint,
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
            "-trace_msg", "-message_file", directory.File(MessageLog),
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

    // One entry of SIPp's message log: a dashed line with the time (microseconds), the direction, then the message.
    [GeneratedRegex(@"^-{10,} (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})\r?\n\w+ message (?<direction>received|sent)[^\n]*\n(?:(?!-{10,} )[^\n]*\n)*?Call-ID:(?<callId>[^\r\n]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LogEntry();
}
