namespace App.AppHost.Resources;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One of our services: an http endpoint (internal unless it is the gateway, which listens on
    /// <paramref name="gatewayPort"/> itself), a health check on <c>/health</c>, the application database (waited for),
    /// and X-Forwarded-* trusted behind the gateway.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<IResourceWithConnectionString> appdb, int? gatewayPort = null)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithReference(appdb, connectionName: "appdb");
        if (!builder.ExecutionContext.IsPublishMode)
        {
            // Run by hand the services share the AppHost's environment (Development); deployed they keep their default, Production.
            service = service
                .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        }
        else
        {
            // Deployed, each service has its own cores and runs for days: tiered PGO back on (Directory.Build.props turns
            // it off for the shared 2-core machines of embedded mode). In steady state it gave api, gateway and bare YARP
            // 24-45 % more requests per second (bench/gateway, BENCH_WARMUP=20, DOTNET_TieredPGO=1 against the default).
            // The worker compiles fully optimized at once (TieredCompilation off in its project) and is unaffected.
            service = service.WithEnvironment("DOTNET_TieredPGO", "1");
        }

        service = gatewayPort is { } port
            // The one public entry listens on its port directly: no proxy hop in front of every request.
            ? MetricsEndpoint(builder, service.WithHttpEndpoint(port: port == 0 ? null : port, targetPort: port == 0 ? null : port, isProxied: false).WithExternalHttpEndpoints())
            : InternalEndpoint(builder, service).WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        if (appdb.Resource is PostgresServerResource)
        {
            service = service.WaitFor(appdb);
        }

        return service.WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// Run here, an internal service listens on a loopback port of its own, fixed for the AppHost's life: the gateway's
    /// YARP sees each replica's own address, so a dead one refuses connections (and is taken out) instead of hanging
    /// behind DCP's proxy, a restarted one comes back at the address the gateway knows, and a request saves a hop.
    /// </summary>
    private static IResourceBuilder<ProjectResource> InternalEndpoint(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> service)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return service.WithHttpEndpoint();
        }

        var port = LoopbackPorts.Free();
        return service.WithHttpEndpoint(port: port, targetPort: port, isProxied: false);
    }

    /// <summary>
    /// The gateway's port is public, so its own /metrics answers on a second, internal endpoint named "metrics"
    /// (declared after WithExternalHttpEndpoints, which marks only the endpoints that exist when it is called).
    /// </summary>
    private static IResourceBuilder<ProjectResource> MetricsEndpoint(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> service)
    {
        var port = builder.ExecutionContext.IsPublishMode ? PublishedMetricsPort : LoopbackPorts.Free();
        return service.WithHttpEndpoint(name: MetricsEndpointName, port: builder.ExecutionContext.IsPublishMode ? null : port, targetPort: port, isProxied: false)
            .WithEnvironment("Metrics__Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public const string MetricsEndpointName = "metrics";

    /// <summary>Prometheus' conventional exporter port, inside the gateway's container.</summary>
    private const int PublishedMetricsPort = 9464;

    /// <summary>
    /// A reference to every replica of one service under the first replica's name, as service discovery reads them:
    /// <c>services__api__http__0</c> is the first (what <c>WithReference</c> gives, so one replica looks exactly as a
    /// plain reference), <c>services__api__http__1</c> the second, and so on; each replica's own address, not one proxy in
    /// front of all (Aspire's <c>WithReplicas</c>), so the caller balances and health-checks them itself.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReplicaReferences(
        this IResourceBuilder<ProjectResource> builder, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas, bool waitFor = false)
    {
        var name = replicas[0].Resource.Name;
        for (var i = 0; i < replicas.Count; i++)
        {
            builder = i == 0
                ? builder.WithReference(replicas[i])
                : builder.WithEnvironment($"services__{name}__http__{i}", replicas[i].GetEndpoint("http")).WithReferenceRelationship(replicas[i]);
            if (waitFor)
            {
                builder = builder.WaitFor(replicas[i]);
            }
        }

        return builder;
    }
}
