using App.Api.Predictions;
using App.Api.Uploads;
using App.Identity.Authorization;
using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace App.Api.Apis;

public static class PredictionsApi
{
    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/predictions").WithTags("Predictions").RequireAuthorization(AppPolicies.Predictions);
        group.MapPost("/", CreateAsync)
            .WithName("CreatePrediction")
            .WithSummary("Upload an audio file (multipart field 'file'; optional 'model', 'webhookUrl') and queue its screening.");
        return app;
    }

    /// <returns>202 with the new job; 200 with the existing job when the same content and model were submitted recently.</returns>
    private static async Task<Results<Accepted<JobResponse>, Ok<JobResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, MultipartUploadReader reader, PredictionSubmitter submitter, IOptions<PredictionsOptions> options,
        CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        try
        {
            var form = await reader.ReadAsync(context.Request, options.Value.UploadLimits(maxFiles: 1), cancellationToken);
            var (jobs, created) = await submitter.SubmitAsync(tenantId, form, batchId: null, cancellationToken);
            var job = JobResponse.From(jobs[0]);
            context.Response.Headers.Location = job.Links.Self;
            return created ? TypedResults.Accepted(job.Links.Self, job) : TypedResults.Ok(job);
        }
        catch (UploadRejectedException e)
        {
            return e.ToProblem();
        }
    }
}
