using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using App.AI;
using App.Api.Extractions;
using App.Api.Predictions;
using App.Api.Uploads;
using App.Extractions;
using App.Identity.Authorization;
using App.Identity.Internal;
using App.Jobs;
using App.Jobs.Signals;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace App.Api.Apis;

public static class ExtractionsApi
{
    public static IEndpointRouteBuilder MapExtractionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/extractions").WithTags("Extractions").RequireAuthorization(AppPolicies.Extractions);
        group.MapPost("/", CreateAsync)
            .WithName("CreateExtraction")
            .WithSummary("Upload a document (multipart 'file': PDF, DOCX, Markdown, HTML or text) with 'schema' (a built-in name or a JSON Schema), optional 'instructions' and 'webhookUrl'; queue its extraction.");
        group.MapGet("/", ListAsync)
            .WithName("ListExtractions")
            .WithSummary("The caller's extractions, newest first, without their data.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetExtraction")
            .WithSummary("An extraction's status and progress; its data, pages, usage and whether it came from the cache; or its error.");
        group.MapGet("/{id:guid}/events", FollowAsync)
            .WithName("FollowExtraction")
            .WithSummary("Server-sent events: progress as pages finish, state changes, then the final state.");
        group.MapGet("/{id:guid}/export", ExportAsync)
            .WithName("ExportExtraction")
            .WithSummary("The extracted items as JSON Lines (format=jsonl) or CSV (format=csv).");
        return app;
    }

    /// <returns>202 with the new job; 503 model_unavailable, with nothing stored, when no chat model is configured.</returns>
    private static async Task<Results<Accepted<ExtractionResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ChatModel chat, MultipartUploadReader reader, ExtractionSubmitter submitter, IOptions<ExtractionsOptions> options,
        CancellationToken cancellationToken)
    {
        if (!chat.IsConfigured)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable, ExtractionErrorCodes.ModelUnavailable,
                "No language model", "Extractions need a chat model, and none is configured (ConnectionStrings:chat).");
        }

        var tenantId = context.GetCallerIdentity()!.TenantId;
        try
        {
            var form = await reader.ReadAsync(context.Request, options.Value.UploadLimits(), cancellationToken);
            var extraction = ExtractionResponse.From(await submitter.SubmitAsync(tenantId, form, chat.Name!, cancellationToken));
            context.Response.Headers.Location = extraction.Links.Self;
            return TypedResults.Accepted(extraction.Links.Self, extraction);
        }
        catch (UploadRejectedException e)
        {
            return e.ToProblem();
        }
    }

    private static async Task<Ok<ExtractionListResponse>> ListAsync(
        HttpContext context, JobQueue queue, CancellationToken cancellationToken, [FromQuery] int page = 1, [FromQuery] int pageSize = 20)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        var jobs = await queue.ListAsync(tenantId, kind: ExtractionJob.Kind, page: page, pageSize: pageSize, cancellationToken: cancellationToken);
        return TypedResults.Ok(new ExtractionListResponse(
            jobs.Items.Select(j => ExtractionResponse.From(j, withData: false)).ToList(), jobs.Page, jobs.PageSize, jobs.TotalCount));
    }

    private static async Task<Results<Ok<ExtractionResponse>, NotFound>> GetAsync(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, context, queue, cancellationToken);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(ExtractionResponse.From(job));
    }

    private static async Task<Results<ServerSentEventsResult<JobEventResponse<ExtractionResponse>>, NotFound>> FollowAsync(
        Guid id, HttpContext context, JobQueue queue, JobSignal signal, CancellationToken cancellationToken) =>
        await FindAsync(id, context, queue, cancellationToken) is { } job
            ? JobEventStream.FollowJob(job, context, queue, signal, j => ExtractionResponse.From(j), cancellationToken)
            : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> ExportAsync(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken, [FromQuery] string format = ExtractionExport.JsonLines)
    {
        if (!ExtractionExport.Formats.Contains(format))
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status400BadRequest, PredictionErrorCodes.InvalidQuery,
                "Unknown format", $"format must be one of: {string.Join(", ", ExtractionExport.Formats)}.");
        }

        var job = await FindAsync(id, context, queue, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        if (job.Status != JobStatus.Succeeded || job.Result is null || ExtractionJob.FromJson(job.Input) is not { } input)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, ExtractionErrorCodes.NotSucceeded,
                "Nothing to export", $"The extraction is {job.Status}; only a succeeded extraction has items.");
        }

        var data = JsonSerializer.Deserialize<ExtractionResult>(job.Result, JsonSerializerOptions.Web)!.Data;
        var items = ExtractionExport.Items(input, data);
        return format == ExtractionExport.Csv
            ? TypedResults.File(Encoding.UTF8.GetBytes(ExtractionExport.ToCsv(items)), "text/csv; charset=utf-8", $"extraction-{id}.csv")
            : TypedResults.File(Encoding.UTF8.GetBytes(ExtractionExport.ToJsonLines(items)), "application/x-ndjson; charset=utf-8", $"extraction-{id}.jsonl");
    }

    /// <summary>The caller's extraction job; null for another tenant's job and for jobs of other kinds.</summary>
    private static async Task<JobInfo?> FindAsync(Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var job = await queue.GetAsync(context.GetCallerIdentity()!.TenantId, id, cancellationToken);
        return job?.Kind == ExtractionJob.Kind ? job : null;
    }
}
