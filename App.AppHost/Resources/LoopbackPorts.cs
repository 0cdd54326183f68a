using System.Net;
using System.Net.Sockets;

namespace App.AppHost.Resources;

internal static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free on 127.0.0.1 right now, for a server started in a moment (the window is small; a clash fails loudly at
    /// bind). Never the same port twice in one AppHost, and below the kernel's ephemeral range: a port from that range,
    /// released by the probe (or by a crashed service that is started again on it), can be taken as the source port of
    /// any outgoing connection before the server binds it, and the resource then fails to start (seen in CI).
    /// </summary>
    public static int Free()
    {
        var below = EphemeralRangeStart;
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(Math.Max(1024, below - 12000), below);
                if (HandedOut.Contains(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }
    }

    /// <summary>Read once: the kernel's setting does not change under a running AppHost.</summary>
    private static readonly int EphemeralRangeStart = ReadEphemeralRangeStart();

    private static int ReadEphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > 2048
            ? start
            : 32768;
    }
}
