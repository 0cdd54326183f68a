using App.AppHost.Resources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.AppHost.Dashboard;

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", GetStatusPage)
            .WithName("GetStatusPage")
            .WithSummary("HTML table of every resource, refreshed every two seconds")
            .WithTags("Dashboard");

        var api = endpoints.MapGroup("/api").WithTags("Dashboard");
        api.MapGet("/resources", ListResources)
            .WithName("ListResources")
            .WithSummary("Every resource: name, type, state, health, URL, PID, restart count, last exit code");
        return endpoints;
    }

    private static ContentHttpResult GetStatusPage(ResourceModel model) =>
        TypedResults.Content(StatusPage.Render(model.Snapshot()), "text/html; charset=utf-8");

    private static Ok<IReadOnlyList<ResourceSnapshot>> ListResources(ResourceModel model) => TypedResults.Ok(model.Snapshot());
}
