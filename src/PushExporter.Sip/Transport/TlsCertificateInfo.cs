namespace PushExporter.Sip.Transport;

/// <summary>One certificate of the chain an Edge presented.</summary>
public sealed record TlsCertificateInfo(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Thumbprint);
