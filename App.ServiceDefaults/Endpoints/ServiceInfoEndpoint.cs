using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace App.ServiceDefaults.Endpoints;

public sealed record ServiceInfo(string Service, string Version);

public static class ServiceInfoEndpoint
{
    /// <summary>A cheap, unauthenticated GET naming the service and its version: used by probes and the gateway benchmark.</summary>
    public static RouteHandlerBuilder MapServiceInfo(this IEndpointRouteBuilder app, string pattern)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var info = new ServiceInfo(
            environment.ApplicationName,
            Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
        return app.MapGet(pattern, () => TypedResults.Ok(info))
            .WithName($"Get{environment.ApplicationName.Replace(".", string.Empty)}Info")
            .WithSummary("Name and version of this service.")
            .WithTags("Service")
            .AllowAnonymous();
    }
}
