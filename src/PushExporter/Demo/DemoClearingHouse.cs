using PushExporter.Sip.Message;

namespace PushExporter.Demo;

/// <summary>The simulated Push Notification Clearing House behind the demo Edge: it accepts requests for sip:push@push.lync.com.</summary>
internal static class DemoClearingHouse
{
    private static readonly SipUri _push = SipUri.Parse("sip:push@push.lync.com");

    public static (int Status, string Reason) Answer(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RequestUri.Equals(_push) ? (200, "OK") : (404, "Not Found");
    }
}
