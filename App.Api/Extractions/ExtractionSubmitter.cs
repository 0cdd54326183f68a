using App.Api.Predictions;
using App.Api.Uploads;
using App.Api.Webhooks;
using App.Documents;
using App.Extractions;
using App.Identity.Protection;
using App.Jobs;
using App.Jobs.Signals;
using App.Storage;
using Microsoft.Extensions.Options;

namespace App.Api.Extractions;

/// <summary>
/// Turns a validated upload into an extraction job: the document's format is sniffed from its bytes, the schema parsed
/// and checked against its meta-schema, the webhook target checked, all before the first byte is stored. The job's
/// content hash is the cache key (<see cref="ExtractionCacheKey"/>), by which the worker finds an earlier result.
/// </summary>
public sealed class ExtractionSubmitter(
    WebhookTargetValidator webhookTargets,
    PersonalDataProtector protector,
    IBlobStore blobs,
    JobQueue queue,
    WorkerNudge nudge,
    IOptions<ExtractionsOptions> options)
{
    public const string FileNamePurpose = "App.Api.Extractions.FileName";

    /// <exception cref="UploadRejectedException">The upload, its schema or its webhook target is refused.</exception>
    public async Task<JobInfo> SubmitAsync(Guid tenantId, UploadForm form, string model, CancellationToken cancellationToken)
    {
        var file = form.Files[0];
        var format = Sniff(file);
        var schema = ParseSchema(form.Field(FormFields.Schema));
        var instructions = form.Field(FormFields.Instructions);
        var callbackUrl = form.Field(FormFields.WebhookUrl) is { } webhookUrl ? await webhookTargets.ValidateAsync(webhookUrl, cancellationToken) : null;
        var cacheKey = ExtractionCacheKey.Compute(file.Content.Span, schema, instructions, model);

        using var content = new MemoryStream(file.Content.ToArray(), writable: false);
        var blob = await blobs.PutAsync(content, options.Value.MaxUploadBytes, cancellationToken);
        try
        {
            var input = new ExtractionJob(model, schema.Name, schema.Canonical, instructions, format.ToString().ToLowerInvariant(),
                file.Content.Length, protector.Protect(FileNamePurpose, file.FileName));
            var job = await queue.EnqueueAsync(new NewJob(tenantId, ExtractionJob.Kind, input.ToJson(), MaxAttempts: options.Value.MaxAttempts,
                ContentHash: cacheKey, BlobKey: blob.Key, CallbackUrl: callbackUrl), cancellationToken);
            nudge.JobsEnqueued();
            return job;
        }
        catch
        {
            await blobs.DeleteAsync(blob.Key, CancellationToken.None);
            throw;
        }
    }

    private static SourceFormat Sniff(UploadedFile file)
    {
        if (file.Content.Length == 0)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, ExtractionErrorCodes.FileEmpty,
                "Empty file", $"'{file.FileName}' has no content.");
        }

        var sniffed = ContentSniffer.Sniff(file.Content.Span, file.DeclaredContentType, file.FileName);
        return sniffed.Refusal is null
            ? sniffed.Format
            : throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, PredictionErrorCodes.UnsupportedMediaType,
                "Unsupported document", $"'{file.FileName}': {sniffed.Refusal}");
    }

    private static ExtractionSchema ParseSchema(string? schema)
    {
        if (schema is null)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, ExtractionErrorCodes.SchemaMissing, "No schema",
                $"Send the field 'schema': a built-in schema's name ({string.Join(", ", BuiltInSchemas.Names)}) or a JSON Schema document.");
        }

        try
        {
            return ExtractionSchema.Parse(schema);
        }
        catch (InvalidSchemaException e)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, ExtractionErrorCodes.SchemaInvalid, "Invalid schema", e.Message);
        }
    }
}
