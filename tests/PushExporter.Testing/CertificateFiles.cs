namespace PushExporter.Testing;

/// <summary>PEM files of one test certificate.</summary>
/// <param name="CertificatePath">The certificate alone.</param>
/// <param name="ChainPath">The certificate followed by its issuing CA (what a server presents).</param>
/// <param name="KeyPath">Its PKCS#8 private key, unencrypted.</param>
/// <param name="NotAfter">When the certificate expires.</param>
public sealed record CertificateFiles(string CertificatePath, string ChainPath, string KeyPath, DateTimeOffset NotAfter);
