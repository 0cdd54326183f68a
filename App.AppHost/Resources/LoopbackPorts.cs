using System.Net;
using System.Net.Sockets;

namespace App.AppHost.Resources;

internal static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 right now, for a server started in a moment (the window is small; a clash fails loudly at bind).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
