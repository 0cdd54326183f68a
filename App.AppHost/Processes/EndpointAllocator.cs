using System.Net;
using System.Net.Sockets;
using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>Gives every project its URL before anything starts, so that references can be resolved up front.</summary>
public static class EndpointAllocator
{
    public static void Assign(ResourceModel model)
    {
        foreach (var project in model.Projects)
        {
            var port = project.Port == 0 ? FreeLoopbackPort() : project.Port;
            project.HttpUrl = $"http://127.0.0.1:{port}";
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
