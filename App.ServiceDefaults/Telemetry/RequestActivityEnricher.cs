using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace App.ServiceDefaults.Telemetry;

/// <summary>
/// What OpenTelemetry.Instrumentation.AspNetCore (not in the feed) would add: the server span is named "{method} {route}"
/// and carries the semantic-convention tags, so traces read the same as with the instrumentation package.
/// </summary>
internal sealed class RequestActivityEnricher : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware();
            }
            finally
            {
                Enrich(context);
            }
        });
        next(app);
    };

    private static void Enrich(HttpContext context)
    {
        if (Activity.Current is not { } activity || activity.OperationName != "Microsoft.AspNetCore.Hosting.HttpRequestIn")
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("http.response.status_code", context.Response.StatusCode);
        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        if (context.Response.StatusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
