using System.Net;
using System.Net.Sockets;

namespace Upgrade.Adapters.FileSystem.Tests;

public sealed class ArtifactDownloaderTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new HttpRequestException("connection refused"), true },
        { new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable), true },
        { new HttpRequestException("too many", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden), false },
        { new HttpIOException(HttpRequestError.ResponseEnded, "cut"), true },
        { new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), true },
        { new IOException("No space left on device"), false },
        { new ArtifactVerificationException("mismatch"), false },
        { new OperationCanceledException(), false },
        { new InvalidOperationException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void IsTransient_ClassifiesOnlyNetworkAndServerFailuresAsTransient(Exception exception, bool expected)
    {
        ArtifactDownloader.IsTransient(exception).ShouldBe(expected);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    public void IsTransient_StatusCodes(HttpStatusCode status, bool expected)
    {
        ArtifactDownloader.IsTransient(status).ShouldBe(expected);
    }
}
