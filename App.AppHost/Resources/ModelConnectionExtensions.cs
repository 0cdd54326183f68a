using Microsoft.Extensions.Configuration;

namespace App.AppHost.Resources;

/// <summary>
/// The AI models (<c>ConnectionStrings:chat</c>, <c>ConnectionStrings:embeddings</c> in the form
/// <c>Endpoint=...;Key=...;Model=...</c>, read by App.AI in each service). Both are optional: Aspire treats a declared
/// connection string as a required parameter, so one is declared only when the AppHost's configuration (user secrets,
/// environment <c>ConnectionStrings__chat</c>) has a value for it.
/// </summary>
public static class ModelConnectionExtensions
{
    public static readonly IReadOnlyList<string> ModelConnectionNames = ["chat", "embeddings"];

    public static IReadOnlyList<IResourceBuilder<IResourceWithConnectionString>> AddModelConnections(this IDistributedApplicationBuilder builder) =>
        ModelConnectionNames
            .Where(name => !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            .Select(name => builder.AddConnectionString(name))
            .ToList();

    public static IResourceBuilder<ProjectResource> WithModelReferences(
        this IResourceBuilder<ProjectResource> service, IEnumerable<IResourceBuilder<IResourceWithConnectionString>> models)
    {
        foreach (var model in models)
        {
            service.WithReference(model);
        }

        return service;
    }
}
