using System.Net;
using System.Net.Sockets;

namespace App.AppHost.Resources;

internal static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free on 127.0.0.1 right now, for a server started in a moment (the window is small; a clash fails loudly at
    /// bind). Never the same port twice in one AppHost: the listener is closed before the server binds, so the system may
    /// offer a port again to the next call, and two resources on one port would leave one of them unable to start.
    /// </summary>
    public static int Free()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
