using App.Jobs.Signals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>
/// Lets the worker tell this process that a job has new events, so the job's event streams read them at once. SQLite has
/// no notifications between processes (PostgreSQL's NOTIFY does this there). It is only a hint (a woken stream reads
/// the database with the caller's tenant, which may find nothing new), so it needs no caller identity; the gateway
/// routes only /api/** here, so clients cannot reach it. Hence AllowAnonymous: the worker holds no gateway token.
/// </summary>
public static class JobChangesApi
{
    public const string PathPrefix = "/internal/jobs";

    public static IEndpointRouteBuilder MapJobChangesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{PathPrefix}/{{id:guid}}/changed", Changed)
            .WithName("JobChanged")
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static NoContent Changed(Guid id, JobSignal signal)
    {
        signal.NotifyJobChanged(id);
        return TypedResults.NoContent();
    }
}
