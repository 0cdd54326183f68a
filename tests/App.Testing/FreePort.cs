using System.Net;
using System.Net.Sockets;

namespace App.Testing;

public static class FreePort
{
    /// <summary>A TCP port the OS just handed out on 127.0.0.1 and nobody listens on.</summary>
    public static int Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An address where nothing listens: what a service that is down looks like.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{Loopback()}";
}
