using System.Net;
using System.Net.Sockets;

namespace App.Gateway.Tests.Fixtures;

public static class FreePort
{
    /// <summary>A port the OS just handed out and nobody listens on (also what a "service that is down" looks like).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string ClosedUrl() => $"http://127.0.0.1:{Next()}";
}
