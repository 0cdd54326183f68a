using App.AppHost.Hosting;

namespace App.AppHost.Resources;

public static class ProjectResourceExtensions
{
    /// <summary>Adds a service run from the build output of the referenced project whose assembly is <paramref name="assemblyName"/>.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this AppHostBuilder builder, string name, string assemblyName) =>
        builder.AddResource(new ProjectResource(name, ServiceBinaries.TargetPathOf(assemblyName)));

    /// <summary>Gives the service <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithConnectionString> source)
    {
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    /// <summary>Gives the service <c>services__{name}__http__0</c>, the URL of another service.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> service)
    {
        builder.Resource.References.Add(service.Resource);
        return builder;
    }

    /// <summary>Starts the service only once <paramref name="dependency"/> is ready (healthy, or provisioned).</summary>
    public static IResourceBuilder<ProjectResource> WaitFor(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResource> dependency)
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>Listens on a fixed port instead of a free one; zero keeps the free one.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int port)
    {
        builder.Resource.Port = port;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternal = true;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }

    /// <summary>For services behind the gateway: trust its X-Forwarded-* headers.</summary>
    public static IResourceBuilder<ProjectResource> WithForwardedHeaders(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
}
