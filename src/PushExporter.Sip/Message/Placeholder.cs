namespace PushExporter.Sip.Message;

internal static class SipConstants
{
    public const string Version = "SIP/2.0";
}
