using App.Gateway.Docs;
using App.Gateway.Forwarding;
using App.Gateway.Routing;
using App.ServiceDefaults.Http;

namespace Microsoft.AspNetCore.Builder;

public static class ApiDocsExtensions
{
    /// <summary>
    /// One OpenAPI UI at /api/docs listing every service's document, each read through the gateway
    /// (/api/docs/{service}/openapi.json), so the browser talks to one origin only.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        var docs = app.MapGroup(SecurityHeaders.DocsPath).WithTags("Docs");
        foreach (var service in GatewayRoutes.Documented)
        {
            docs.MapGet($"/{service}/openapi.json", (HttpRequest request, ServiceEndpointResolver resolver, UpstreamClient client, CancellationToken ct) =>
                    ServiceDocuments.GetAsync(service, request, resolver, client, ct))
                .WithName($"Get{char.ToUpperInvariant(service[0])}{service[1..]}OpenApiDocument")
                .WithSummary($"The {service} service's OpenAPI document, with the gateway as its server.");
        }

        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = SecurityHeaders.DocsPath.TrimStart('/');
            ui.DocumentTitle = "App API";
            foreach (var service in GatewayRoutes.Documented)
            {
                ui.SwaggerEndpoint(ServiceDocuments.PathFor(service), service);
            }
        });

        // Anything else under /api/docs is the UI's business, never a service's.
        docs.Map("/{**rest}", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).WithDisplayName("Unknown docs path");
        return app;
    }
}
