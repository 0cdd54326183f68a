using System.Security.Cryptography;
using App.Api.Uploads;
using App.Api.Webhooks;
using App.Identity.Protection;
using App.Jobs;
using App.Jobs.Data;
using App.Jobs.Signals;
using App.Storage;
using Microsoft.Extensions.Options;

namespace App.Api.Predictions;

/// <summary>
/// Turns validated uploads into jobs: every check runs before the first byte is stored, blobs go under new keys, and
/// all job rows of one request commit in one transaction. Blobs of a request that did not commit are removed again.
/// </summary>
public sealed class PredictionSubmitter(
    AudioUploadValidator validator,
    WebhookTargetValidator webhookTargets,
    PersonalDataProtector protector,
    IBlobStore blobs,
    JobsDbContext db,
    JobQueue queue,
    WorkerNudge nudge,
    TimeProvider time,
    IOptions<PredictionsOptions> options)
{
    public const string FileNamePurpose = "App.Api.Predictions.FileName";

    /// <returns>The jobs in upload order and whether they are new (false: an identical recent upload's job).</returns>
    public async Task<(IReadOnlyList<JobInfo> Jobs, bool Created)> SubmitAsync(
        Guid tenantId, UploadForm form, Guid? batchId, CancellationToken cancellationToken)
    {
        var model = ResolveModel(form.Field(FormFields.Model));
        var callbackUrl = form.Field(FormFields.WebhookUrl) is { } webhookUrl ? await webhookTargets.ValidateAsync(webhookUrl, cancellationToken) : null;
        var inputs = form.Files.Select(f => (File: f, Check: validator.Validate(f), Sha256: Convert.ToHexStringLower(SHA256.HashData(f.Content.Span))))
            .ToList();

        if (batchId is null && inputs.Count == 1)
        {
            var since = time.GetUtcNow() - options.Value.DedupeWindow;
            var existing = await queue.FindRecentByContentHashAsync(tenantId, model, inputs[0].Sha256, since, cancellationToken);
            if (existing is not null)
            {
                return ([existing], false);
            }
        }

        var stored = new List<StoredBlob>();
        try
        {
            foreach (var input in inputs)
            {
                using var content = new MemoryStream(input.File.Content.ToArray(), writable: false);
                stored.Add(await blobs.PutAsync(content, options.Value.MaxUploadBytes, cancellationToken));
            }

            var jobs = new List<JobInfo>();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                for (var i = 0; i < inputs.Count; i++)
                {
                    var (file, check, _) = inputs[i];
                    var input = new PredictionInput(model, check.Format.ToString().ToLowerInvariant(), file.Content.Length,
                        check.DurationSeconds, protector.Protect(FileNamePurpose, file.FileName));
                    jobs.Add(await queue.EnqueueAsync(new NewJob(tenantId, model, input.ToJson(),
                        ContentHash: stored[i].Sha256, BlobKey: stored[i].Key, BatchId: batchId, CallbackUrl: callbackUrl), cancellationToken));
                }

                await transaction.CommitAsync(cancellationToken);
            }

            nudge.JobsEnqueued();

            return (jobs, true);
        }
        catch
        {
            foreach (var blob in stored)
            {
                await blobs.DeleteAsync(blob.Key, CancellationToken.None);
            }

            throw;
        }
    }

    private string ResolveModel(string? requested)
    {
        var model = requested ?? options.Value.DefaultModel;
        return options.Value.Models.Contains(model, StringComparer.Ordinal)
            ? model
            : throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, PredictionErrorCodes.UnknownModel,
                "Unknown model", $"Model '{model}' is not offered; choose one of: {string.Join(", ", options.Value.Models)}.");
    }
}
