using System.Diagnostics;
using System.Globalization;
using System.Net;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Testing;

namespace PushExporter.Bench;

/// <summary>
/// One OPTIONS transaction over loopback TCP against Kamailio (the harness's Edge, scenario Ok):
/// our transport + transaction, then SIPp as a UAC against the same port, alternating in rounds.
/// Both reuse one TCP connection and send one request at a time. The difference of the medians
/// is what our client adds to what the peer itself takes (issue 2: under 1 ms).
/// </summary>
internal static class LoopbackTransactionBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        await using var edge = new KamailioEdge();
        await edge.InitializeAsync();
        var port = edge.Port(EdgeScenario.Ok, PeerTransport.Tcp);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Kamailio Ok scenario on 127.0.0.1:{port} (TCP); {rounds} rounds of {calls} sequential OPTIONS each"));

        // Warm-up: JIT and tiered compilation, SIPp's first start.
        await OursAsync(port, 500);
        await RawAsync(port, 500);
        await SippAsync(port, 1);
        var ours = new List<double>();
        var raw = new List<double>();
        var sipp = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var o = Median(await OursAsync(port, calls));
            var r = Median(await RawAsync(port, calls));
            var one = await SippAsync(port, 1);
            var many = await SippAsync(port, calls);
            // SIPp's own response times have 1 ms resolution; its wall time per call (start-up taken out) does not.
            var s = (many.Wall - one.Wall).TotalMilliseconds / (calls - 1);
            ours.Add(o);
            raw.Add(r);
            sipp.Add(s);
            var underOneMs = many.ResponseTimes.Count(t => t < 1) * 100.0 / many.ResponseTimes.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: PushExporter median {o:0.000} ms | raw socket median {r:0.000} ms | SIPp wall per call {s:0.000} ms (its rtt: {underOneMs:0.#}% < 1 ms, median {Median(many.ResponseTimes):0} ms)"));
        }

        var oursMedian = Median(ours);
        var rawMedian = Median(raw);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {rounds} rounds: PushExporter {oursMedian:0.000} ms, raw socket {rawMedian:0.000} ms: PushExporter adds {oursMedian - rawMedian:+0.000;-0.000} ms"));
        // SIPp's rtt file counts whole milliseconds and its wall time per call is paced by its own scheduler,
        // so it bounds what the peer takes (under 1 ms) but cannot resolve a sub-millisecond difference.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SIPp against the same port: wall time per call {Median(sipp):0.000} ms (median of rounds), its own response time < 1 ms for most calls (per round above)"));
        return 0;
    }

    private static async Task<List<double>> OursAsync(int port, int calls)
    {
        var socket = await SipConnector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), SipTransportKind.Tcp, null, CancellationToken.None);
        await using var connection = SipConnector.OverSocket(socket);
        var options = new SipRequestOptions
        {
            Method = "OPTIONS",
            RequestUri = SipUri.Parse("sip:push@push.lync.com"),
            From = SipUri.Parse("sip:probe@pushexporter.test"),
            Transport = "TCP",
            ViaHost = connection.LocalEndPoint.Address.ToString(),
            ViaPort = connection.LocalEndPoint.Port,
        };
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            // Timed like a probe times it: from creating the request to the parsed final response.
            var start = Stopwatch.GetTimestamp();
            var transaction = new NonInviteClientTransaction(connection, SipRequestFactory.Create(options));
            var result = await transaction.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (result.FinalResponse?.StatusCode != 200)
            {
                throw new InvalidOperationException($"call {i}: {result.Outcome} {result.Error}");
            }

            times.Add(elapsed.TotalMilliseconds);
        }

        return times;
    }

    // The floor: a hand-written OPTIONS on a plain socket, reading until the blank line (Kamailio answers
    // with Content-Length: 0). No parsing, no transaction; what Kamailio and the kernel take.
    private static async Task<List<double>> RawAsync(int port, int calls)
    {
        using var socket = await SipConnector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), SipTransportKind.Tcp, null, CancellationToken.None);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var buffer = new byte[4096];
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var request = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"OPTIONS sip:push@push.lync.com SIP/2.0\r\nVia: SIP/2.0/TCP {local};branch=z9hG4bKraw{i}x{Environment.TickCount64};rport\r\nMax-Forwards: 70\r\nFrom: <sip:probe@pushexporter.test>;tag=raw{i}\r\nTo: <sip:push@push.lync.com>\r\nCall-ID: raw{i}x{Environment.TickCount64}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(request);
            var filled = 0;
            while (buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) < 0)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    throw new InvalidOperationException("kamailio closed the connection");
                }

                filled += read;
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    }

    // SIPp as a UAC, one call at a time (-l 1) over one TCP connection (-t t1); -trace_rtt writes each
    // call's response time (OPTIONS sent to 200 received, the rtd="true" span) to a CSV.
    private static async Task<(List<double> ResponseTimes, TimeSpan Wall)> SippAsync(int port, int calls)
    {
        using var directory = TempDirectory.Create("sipp-uac");
        var scenario = directory.File("uac.xml");
        await File.WriteAllTextAsync(scenario, """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="options">
              <send start_rtd="true">
                <![CDATA[
            OPTIONS sip:push@push.lync.com SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
            Max-Forwards: 70
            From: <sip:probe@pushexporter.test>;tag=[pid]SIPpTag[call_number]
            To: <sip:push@push.lync.com>
            Call-ID: [call_id]
            CSeq: 1 OPTIONS
            Contact: <sip:probe@[local_ip]:[local_port];transport=[transport]>
            User-Agent: SIPp
            Content-Length: 0

                ]]>
              </send>
              <recv response="200" rtd="true"/>
            </scenario>

            """);
        var start = new ProcessStartInfo(PeerProcess.Locate("sipp", "apt-get install sip-tester"))
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-sf", scenario, "-t", "t1", "-i", "127.0.0.1", "-p", FreePort.Tcp().ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture), "-l", "1", "-r", "100000",
            "-trace_rtt", "-rtt_freq", "1", "-nostdin", "-trace_err",
            string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var wall = clock.Elapsed;
        var rtt = Directory.GetFiles(directory.Path, "*_rtt.csv").SingleOrDefault()
            ?? throw new InvalidOperationException($"sipp wrote no rtt file (exit {process.ExitCode}):\n{await output}\n{await error}");

        // Lines: Date_ms;response_time_ms;rtd_no
        var times = File.ReadLines(rtt)
            .Skip(1)
            .Select(line => line.Split(';'))
            .Where(fields => fields.Length >= 2 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(fields => double.Parse(fields[1], CultureInfo.InvariantCulture))
            .ToList();
        if (process.ExitCode != 0 || times.Count < calls)
        {
            throw new InvalidOperationException($"sipp measured {times.Count} of {calls} calls (exit {process.ExitCode}):\n{await error}");
        }

        return (times, wall);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
