using System.Net;
using System.Text;
using System.Text.Json;
using PushExporter.Testing;

namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>One alert of one Alertmanager webhook notification, with the path it was posted to.</summary>
public sealed record WebhookAlert(
    string Path,
    string Receiver,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset ReceivedAt)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? string.Empty;

    public string Annotation(string name) => Annotations.GetValueOrDefault(name) ?? string.Empty;

    public override string ToString() =>
        $"{Path} {Status} {{{string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";
}

/// <summary>
/// The paging bridge of the test: an HTTP listener on a free 127.0.0.1 port that accepts
/// Alertmanager's webhook POSTs (any path) and keeps every alert of every notification.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<WebhookAlert> _alerts = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var port = FreePort.Tcp();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Every alert received so far, in arrival order.</summary>
    public IReadOnlyList<WebhookAlert> Alerts
    {
        get
        {
            lock (_gate)
            {
                return [.. _alerts];
            }
        }
    }

    /// <summary>Polls until an alert matches <paramref name="match"/> or <paramref name="timeout"/> passes.</summary>
    public async Task<WebhookAlert?> WaitForAsync(Func<WebhookAlert, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Alerts.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // The listener closed under GetContextAsync.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Record(context.Request.Url?.AbsolutePath ?? "/", await reader.ReadToEndAsync());
                context.Response.StatusCode = (int)HttpStatusCode.OK;
            }
            catch (JsonException)
            {
                context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Record(string path, string body)
    {
        using var notification = JsonDocument.Parse(body);
        var root = notification.RootElement;
        var receiver = root.GetProperty("receiver").GetString() ?? string.Empty;
        var now = DateTimeOffset.UtcNow;
        var alerts = root.GetProperty("alerts").EnumerateArray().Select(a => new WebhookAlert(
            path,
            receiver,
            a.GetProperty("status").GetString() ?? string.Empty,
            Strings(a.GetProperty("labels")),
            Strings(a.GetProperty("annotations")),
            now)).ToList();
        lock (_gate)
        {
            _alerts.AddRange(alerts);
        }
    }

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
}
