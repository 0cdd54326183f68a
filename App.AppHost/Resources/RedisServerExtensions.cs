using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.AppHost.Resources;

public static class RedisServerExtensions
{
    private const string ServerBinary = "/usr/bin/redis-server";

    /// <summary>
    /// The distributed mode's Redis: the machine's redis-server as an executable resource when run here, Aspire's Redis
    /// container (password generated as a parameter) when published.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddRedis(name);
        }

        if (!File.Exists(ServerBinary))
        {
            throw new DistributedApplicationException(
                $"{AppHostOptions.DistributedSwitch} runs Redis from the machine's redis-server, and {ServerBinary} was not found. " +
                "Install the Debian package: apt-get install redis-server");
        }

        var port = LoopbackPorts.Free();
        var resource = new RedisServerResource(name, ServerBinary, options.DataDirectory);
        var healthCheck = $"{name}-answers-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new RedisPingHealthCheck(port), failureStatus: null, tags: null));

        // Loopback only and memory only (no RDB or AOF files): counters, nothing to keep.
        return builder.AddResource(resource)
            .WithArgs("--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes")
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: RedisServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary>Healthy once the server answers PING with +PONG (the inline protocol: no client library needed here).</summary>
    private sealed class RedisPingHealthCheck(int port) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, timeout.Token);
                return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("Redis answered PING with something else.");
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer yet.", e);
            }
        }
    }
}
