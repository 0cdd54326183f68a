using App.AppHost.Resources;

namespace App.Testing;

public static class FreePort
{
    /// <summary>A TCP port nobody listens on at 127.0.0.1, chosen as the AppHost chooses its services' ports.</summary>
    public static int Loopback() => LoopbackPorts.Free();

    /// <summary>An address where nothing listens: what a service that is down looks like.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{Loopback()}";
}
