namespace App.Jobs;

/// <param name="Input">JSON the worker reads; the queue stores it as text and never interprets it.</param>
/// <param name="MaxAttempts">Null takes <see cref="JobsOptions.DefaultMaxAttempts"/>.</param>
/// <param name="Priority">Higher runs first among jobs that are due.</param>
/// <param name="ContentHash">For dedupe lookups (<see cref="JobQueue.FindRecentByContentHashAsync"/>), for example the input blob's SHA-256.</param>
/// <param name="BlobKey">The input blob, deleted by retention once the job has finished.</param>
/// <param name="NotBefore">Null means now.</param>
public sealed record NewJob(
    Guid TenantId,
    string Kind,
    string Input,
    int? MaxAttempts = null,
    int Priority = 0,
    string? ContentHash = null,
    string? BlobKey = null,
    Guid? BatchId = null,
    string? CallbackUrl = null,
    DateTimeOffset? NotBefore = null);
