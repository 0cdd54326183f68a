using App.Api.Predictions;
using App.Api.Uploads;
using App.Identity.Authorization;
using App.Identity.Internal;
using App.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace App.Api.Apis;

public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/batches").WithTags("Batches").RequireAuthorization(AppPolicies.Predictions);
        group.MapPost("/", CreateAsync)
            .WithName("CreateBatch")
            .WithSummary("Upload several audio files (repeated multipart field 'file') as one batch of jobs.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetBatch")
            .WithSummary("A batch's jobs with their states; results appear as each job finishes.");
        return app;
    }

    private static async Task<Results<Accepted<BatchResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, MultipartUploadReader reader, PredictionSubmitter submitter, IOptions<PredictionsOptions> options,
        CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        try
        {
            var form = await reader.ReadAsync(context.Request, options.Value.UploadLimits(options.Value.MaxBatchFiles), cancellationToken);
            var batchId = Guid.CreateVersion7();
            var (jobs, _) = await submitter.SubmitAsync(tenantId, form, batchId, cancellationToken);
            var batch = ToResponse(batchId, jobs);
            return TypedResults.Accepted(batch.Self, batch);
        }
        catch (UploadRejectedException e)
        {
            return e.ToProblem();
        }
    }

    private static async Task<Results<Ok<BatchResponse>, NotFound>> GetAsync(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        var page = await queue.ListAsync(tenantId, batchId: id, pageSize: JobQueue.MaxPageSize, cancellationToken: cancellationToken);
        return page.TotalCount == 0
            ? TypedResults.NotFound()
            : TypedResults.Ok(ToResponse(id, page.Items.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).ToList()));
    }

    private static BatchResponse ToResponse(Guid id, IReadOnlyList<JobInfo> jobs) => new(
        id,
        jobs.Count,
        jobs.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count()),
        jobs.Select(JobResponse.From).ToList(),
        $"/api/v1/batches/{id}");
}
