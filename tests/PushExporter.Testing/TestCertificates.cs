using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PushExporter.Testing;

/// <summary>
/// Certificates generated at test time and written as PEM files into a private temp directory:
/// a test CA with a server certificate (given DNS names and 127.0.0.1), an expired server
/// certificate for the same names and a client certificate, and a second, untrusted CA with its
/// own server certificate. Leaf certificates
/// expire before their CA so a test can check that the earliest NotAfter of a chain is the leaf's.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    /// <summary>The DNS name in <see cref="NamedClient"/>'s subject alternative names.</summary>
    public const string ClientName = "prometheus.example.org";

    private static readonly TimeSpan _leafLifetime = TimeSpan.FromDays(30);
    private static readonly TimeSpan _caLifetime = TimeSpan.FromDays(365);

    private readonly TempDirectory _directory;

    private TestCertificates(TempDirectory directory, CertificateFiles ca, CertificateFiles server, CertificateFiles expiredServer, CertificateFiles client, CertificateFiles namedClient, CertificateFiles untrustedCa, CertificateFiles untrustedServer)
    {
        _directory = directory;
        Ca = ca;
        Server = server;
        ExpiredServer = expiredServer;
        Client = client;
        NamedClient = namedClient;
        UntrustedCa = untrustedCa;
        UntrustedServer = untrustedServer;
    }

    /// <summary>The directory holding every file.</summary>
    public string Directory => _directory.Path;

    /// <summary>The CA clients should trust.</summary>
    public CertificateFiles Ca { get; }

    /// <summary>A server certificate issued by <see cref="Ca"/>.</summary>
    public CertificateFiles Server { get; }

    /// <summary>A server certificate issued by <see cref="Ca"/> for the same names, expired a day ago.</summary>
    public CertificateFiles ExpiredServer { get; }

    /// <summary>A client certificate issued by <see cref="Ca"/> (for mutual TLS).</summary>
    public CertificateFiles Client { get; }

    /// <summary>A client certificate issued by <see cref="Ca"/> whose subject alternative name is <see cref="ClientName"/>.</summary>
    public CertificateFiles NamedClient { get; }

    /// <summary>A CA nobody trusts.</summary>
    public CertificateFiles UntrustedCa { get; }

    /// <summary>A server certificate for the same names, issued by <see cref="UntrustedCa"/>.</summary>
    public CertificateFiles UntrustedServer { get; }

    /// <summary>Generates the certificates; the server certificates cover <paramref name="dnsNames"/> and 127.0.0.1.</summary>
    public static TestCertificates Create(params string[] dnsNames)
    {
        var directory = TempDirectory.Create("certs");
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // The CAs start before the expired leaf, as a real CA outlives the certificates it issued.
        using var ca = CreateCa("CN=PushExporter Test CA", caKey, now - _leafLifetime);
        using var untrustedCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var untrustedCa = CreateCa("CN=PushExporter Untrusted CA", untrustedCaKey, now - _leafLifetime);

        var caFiles = Write(directory, "ca", ca, caKey, issuer: null);
        var untrustedCaFiles = Write(directory, "untrusted-ca", untrustedCa, untrustedCaKey, issuer: null);
        var server = Issue(directory, "server", ca, caKey, ServerRequest(dnsNames), now, now + _leafLifetime);
        var expiredServer = Issue(directory, "expired-server", ca, caKey, ServerRequest(dnsNames), now - _leafLifetime, now.AddDays(-1));
        var client = Issue(directory, "client", ca, caKey, ClientRequest(null), now, now + _leafLifetime);
        var namedClient = Issue(directory, "named-client", ca, caKey, ClientRequest(ClientName), now, now + _leafLifetime);
        var untrustedServer = Issue(directory, "untrusted-server", untrustedCa, untrustedCaKey, ServerRequest(dnsNames), now, now + _leafLifetime);
        return new TestCertificates(directory, caFiles, server, expiredServer, client, namedClient, untrustedCaFiles, untrustedServer);
    }

    /// <summary>Deletes the files.</summary>
    public void Dispose() => _directory.Dispose();

    private static X509Certificate2 CreateCa(string subject, ECDsa key, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(notBefore, notBefore + _caLifetime);
    }

    private static (CertificateRequest Request, ECDsa Key) ServerRequest(string[] dnsNames)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cn = dnsNames.Length > 0 ? dnsNames[0] : "localhost";
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return (request, key);
    }

    private static (CertificateRequest Request, ECDsa Key) ClientRequest(string? dnsName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pushexporter-probe", key, HashAlgorithmName.SHA256);
        if (dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return (request, key);
    }

    private static CertificateFiles Issue(TempDirectory directory, string name, X509Certificate2 ca, ECDsa caKey, (CertificateRequest Request, ECDsa Key) leaf, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = leaf.Key;
        leaf.Request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        leaf.Request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        leaf.Request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = leaf.Request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), notBefore, notAfter, serial);
        return Write(directory, name, certificate, key, ca);
    }

    private static CertificateFiles Write(TempDirectory directory, string name, X509Certificate2 certificate, ECDsa key, X509Certificate2? issuer)
    {
        var certificatePath = directory.File($"{name}.pem");
        var chainPath = directory.File($"{name}-chain.pem");
        var keyPath = directory.File($"{name}.key");
        var pem = certificate.ExportCertificatePem() + "\n";
        File.WriteAllText(certificatePath, pem);
        File.WriteAllText(chainPath, issuer is null ? pem : pem + issuer.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new CertificateFiles(certificatePath, chainPath, keyPath, certificate.NotAfter.ToUniversalTime());
    }
}
