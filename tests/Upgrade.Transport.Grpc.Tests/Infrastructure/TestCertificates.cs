using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>A throw-away CA and a server certificate for 127.0.0.1 / localhost, made with CertificateRequest.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, string caPemPath, string serverPemPath, string serverKeyPemPath)
    {
        Ca = ca;
        Server = server;
        CaPemPath = caPemPath;
        ServerPemPath = serverPemPath;
        ServerKeyPemPath = serverKeyPemPath;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    /// <summary>Gets the CA certificate as a PEM file, for the agents' TrustedCertificatePath.</summary>
    public string CaPemPath { get; }

    /// <summary>Gets the server certificate and its key as PEM files, for a Kestrel endpoint configured by files.</summary>
    public string ServerPemPath { get; }

    public string ServerKeyPemPath { get; }

    public static TestCertificates Create(string directory, string name = "test")
    {
        Directory.CreateDirectory(directory);
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} upgrade test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now, now.AddYears(5), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // A PFX round trip gives Kestrel (SslStream) a key it can use on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var caPem = Path.Combine(directory, $"{name}-ca.pem");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        var serverPem = Path.Combine(directory, $"{name}-server.pem");
        var serverKeyPem = Path.Combine(directory, $"{name}-server.key");
        File.WriteAllText(serverPem, signed.ExportCertificatePem());
        File.WriteAllText(serverKeyPem, serverKey.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(ca, server, caPem, serverPem, serverKeyPem);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
