using System.Net;
using System.Net.Sockets;

namespace App.Testing;

public static class FreePort
{
    /// <summary>
    /// A TCP port nobody listens on at 127.0.0.1, below the kernel's ephemeral range: a port from that range, released
    /// by the probe, can be taken as the source port of any outgoing connection before the server binds it (CI saw
    /// services "fail to start" that way).
    /// </summary>
    public static int Loopback()
    {
        var below = EphemeralRangeStart();
        while (true)
        {
            var port = Random.Shared.Next(Math.Max(1024, below - 12000), below);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
    }

    /// <summary>An address where nothing listens: what a service that is down looks like.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{Loopback()}";

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > 2048
            ? start
            : 32768;
    }
}
