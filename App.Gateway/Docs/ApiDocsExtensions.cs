using App.Gateway.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class ApiDocsExtensions
{
    /// <summary>
    /// One OpenAPI UI at /api/docs listing every service's document, each read through the gateway
    /// (/api/docs/{service}/openapi.json), so the browser talks to one origin only.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        foreach (var route in GatewayRoutes.Documents)
        {
            app.MapGet(route.Pattern, context => context.RequestServices.GetRequiredService<RouteForwarder>().ForwardAsync(context, route))
                .WithDisplayName($"OpenAPI document of {route.Service}");
        }

        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = SecurityHeaders.DocsPath.TrimStart('/');
            ui.DocumentTitle = "App API";
            foreach (var route in GatewayRoutes.Documents)
            {
                ui.SwaggerEndpoint(route.Pattern, route.Service);
            }
        });

        // Anything else under /api/docs is the UI's business, never a service's.
        app.Map($"{SecurityHeaders.DocsPath}/{{**rest}}", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).WithDisplayName("Unknown docs path");
        return app;
    }
}
