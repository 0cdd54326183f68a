using App.Api.Predictions;
using App.Api.Webhooks;
using App.Identity.Authorization;
using App.Identity.Internal;
using App.Jobs;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Apis;

public static class JobsApi
{
    private static readonly string[] Statuses =
        [JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed, JobStatus.Canceled];

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs").RequireAuthorization(AppPolicies.Predictions);
        group.MapGet("/", ListAsync)
            .WithName("ListJobs")
            .WithSummary("The caller's jobs, newest first; filter by status and creation time ('to' is exclusive).");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetJob")
            .WithSummary("A job's status, progress, attempts, model, result or error code.");
        group.MapDelete("/{id:guid}", CancelAsync)
            .WithName("CancelJob")
            .WithSummary("Cancel a queued or running job; a finished job answers 409.");
        group.MapGet("/{id:guid}/events", JobEventStream.Follow)
            .WithName("FollowJob")
            .WithSummary("Server-sent events: progress, state changes, then the final state (with the job), then the stream ends. Resumes after Last-Event-ID.");
        group.MapGet("/{id:guid}/webhooks", JobWebhooks.ListAsync)
            .WithName("ListJobWebhooks")
            .WithSummary("Every webhook delivery attempt for the job and its outcome.");
        return app;
    }

    private static async Task<Results<Ok<JobListResponse>, ProblemHttpResult>> ListAsync(
        HttpContext context, JobQueue queue, [FromQuery] string? status, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        CancellationToken cancellationToken, [FromQuery] int page = 1, [FromQuery] int pageSize = 20)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        if (status is not null && !Statuses.Contains(status))
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status400BadRequest, PredictionErrorCodes.InvalidQuery,
                "Unknown status", $"status must be one of: {string.Join(", ", Statuses)}.");
        }

        var jobs = await queue.ListAsync(tenantId, status, from, to, page: page, pageSize: pageSize, cancellationToken: cancellationToken);
        return TypedResults.Ok(new JobListResponse(jobs.Items.Select(JobResponse.From).ToList(), jobs.Page, jobs.PageSize, jobs.TotalCount));
    }

    private static async Task<Results<Ok<JobResponse>, NotFound>> GetAsync(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        var job = await queue.GetAsync(tenantId, id, cancellationToken);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(JobResponse.From(job));
    }

    private static async Task<Results<Ok<JobResponse>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        switch (await queue.CancelAsync(tenantId, id, cancellationToken))
        {
            case CancelOutcome.NotFound:
                return TypedResults.NotFound();
            case CancelOutcome.AlreadyFinished:
                return ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, PredictionErrorCodes.JobFinished,
                    "Job already finished", "A finished job cannot be canceled.");
            default:
                return TypedResults.Ok(JobResponse.From((await queue.GetAsync(tenantId, id, cancellationToken))!));
        }
    }
}
