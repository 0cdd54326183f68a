using App.AppHost.Hosting;
using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>The variables an Aspire AppHost would inject, so that the real Aspire can replace ours without a service noticing.</summary>
public static class ServiceEnvironment
{
    private static readonly string[] PassedThrough = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL"];

    public static IReadOnlyDictionary<string, string> For(ProjectResource project, AppHostOptions options)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = project.HttpUrl,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["DOTNET_ENVIRONMENT"] = options.EnvironmentName,
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
        };

        foreach (var name in PassedThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString source:
                    environment[$"ConnectionStrings__{source.Name}"] = source.ConnectionString;
                    break;
                case ProjectResource service:
                    environment[$"services__{service.Name}__http__0"] = service.HttpUrl;
                    break;
            }
        }

        foreach (var (name, value) in project.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
