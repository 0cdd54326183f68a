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

        service = gatewayPort is { } port
            // The one public entry listens on its port directly: no proxy hop in front of every request.
            ? service.WithHttpEndpoint(port: port == 0 ? null : port, targetPort: port == 0 ? null : port, isProxied: false).WithExternalHttpEndpoints()
            : service.WithHttpEndpoint().WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        if (appdb.Resource is PostgresServerResource)
        {
            service = service.WaitFor(appdb);
        }

        return service.WithHttpHealthCheck("/health");
    }
}
