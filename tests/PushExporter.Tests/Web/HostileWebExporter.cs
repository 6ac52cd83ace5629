using System.Globalization;
using System.Text;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// The real binary probing two scripted Edges: <c>silent</c> reads the request and never
/// answers (a probe of it lasts its whole timeout), and <c>control_bytes</c> answers 200 OK
/// with a body full of the bytes a page must not carry raw: NUL, ESC, DEL, a C1 control and a
/// right-to-left override.
/// </summary>
public sealed class HostileWebExporter : IAsyncLifetime
{
    /// <summary>The probe timeout: how long a /probe of <c>silent</c> lasts.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>What <c>control_bytes</c> puts in its 200 OK's body.</summary>
    public const string ControlBody = "before\0nul \u001b[31mred\u001b[0m \u007f del \u0085 nel \u202egnp.exe\u202c after";

    private readonly TempDirectory _directory = TempDirectory.Create("hostile-web");
    private ScriptedEdge? _silent;
    private ScriptedEdge? _controlBytes;
    private ExporterProcess? _process;

    public ExporterProcess Process => _process ?? throw new InvalidOperationException("not started");

    public ScriptedEdge Silent => _silent ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; private set; } = new();

    public async ValueTask InitializeAsync()
    {
        _silent = ScriptedEdge.Silent();
        _controlBytes = ScriptedEdge.Answering(exchange => Encoding.UTF8.GetBytes(exchange.Response(200, "OK", ControlBody)));
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              interval: 5s
              timeout: {Timeout.TotalSeconds}s
            targets:
              - name: silent
                access_edge_fqdn: 127.0.0.1
                port: {_silent.Port}
                transport: tcp
              - name: control_bytes
                access_edge_fqdn: 127.0.0.1
                port: {_controlBytes.Port}
                transport: tcp

            """));
        _process = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_process.Port}/"), Timeout = TimeSpan.FromSeconds(60) };
        await _process.WaitUntilHealthyAsync(Http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_silent is not null)
        {
            await _silent.DisposeAsync();
        }

        if (_controlBytes is not null)
        {
            await _controlBytes.DisposeAsync();
        }

        _directory.Dispose();
    }
}
