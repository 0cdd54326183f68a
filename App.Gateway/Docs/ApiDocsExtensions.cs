using App.Gateway;
using App.Gateway.Docs;
using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

public static class ApiDocsExtensions
{
    /// <summary>
    /// One API reference (Scalar, served from the package itself: no CDN) at /api/docs listing every service's document,
    /// each read through the gateway (/api/docs/{service}/openapi.json), so the browser talks to one origin only.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        var docs = app.MapGroup(SecurityHeaders.DocsPath).WithTags("Docs");
        foreach (var service in DownstreamServices.Documented)
        {
            docs.MapGet($"/{service}/openapi.json", (HttpRequest request, IHttpClientFactory clients, CancellationToken ct) =>
                    ServiceDocuments.GetAsync(service, request, clients, ct))
                .WithName($"Get{char.ToUpperInvariant(service[0])}{service[1..]}OpenApiDocument")
                .WithSummary($"The {service} service's OpenAPI document, with the gateway as its server.");
        }

        app.MapScalarApiReference(SecurityHeaders.DocsPath, options =>
        {
            options.Title = "App API";
            foreach (var service in DownstreamServices.Documented)
            {
                options.AddDocument(service, service, ServiceDocuments.PathFor(service), isDefault: service == DownstreamServices.Api);
            }

            // Nothing leaves the gateway's origin: no CDN fonts, no telemetry, no AI agent or MCP integration, and no
            // developer toolbar (its Share, Generate SDK and Deploy buttons lead to Scalar's hosted services).
            options.DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools();
            // The page's one inline module script runs under a fresh nonce that SecurityHeaders puts into the CSP.
            options.WithNonce();
        }).ExcludeFromDescription();

        // Anything else under /api/docs is the UI's business, never a service's.
        docs.Map("/{**rest}", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).WithDisplayName("Unknown docs path");
        return app;
    }
}
