using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PushExporter.Demo;

/// <summary>The demo's own CA and Edge certificates, made at start and trusted only through the demo's ca_file.</summary>
internal sealed class DemoCertificates : IDisposable
{
    private DemoCertificates(X509Certificate2 ca, X509Certificate2 edge, X509Certificate2 untrustedEdge)
    {
        Ca = ca;
        Edge = edge;
        UntrustedEdge = untrustedEdge;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Edge { get; }

    /// <summary>Same names, but issued by a CA nobody trusts: the tls_failed scenario.</summary>
    public X509Certificate2 UntrustedEdge { get; }

    public static DemoCertificates Create(string dnsName, DateTimeOffset now)
    {
        using var ca = CreateCa("PushExporter demo CA", now);
        using var untrustedCa = CreateCa("Untrusted demo CA", now);
        return new DemoCertificates(
            X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)),
            Issue(ca, dnsName, now),
            Issue(untrustedCa, dnsName, now));
    }

    public void Dispose()
    {
        Ca.Dispose();
        Edge.Dispose();
        UntrustedEdge.Dispose();
    }

    private static X509Certificate2 CreateCa(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string dnsName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(45), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PFX round trip gives SslStream a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
