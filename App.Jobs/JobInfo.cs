using App.Jobs.Data;

namespace App.Jobs;

public sealed record JobInfo(
    Guid Id,
    Guid TenantId,
    string Kind,
    string Status,
    int Progress,
    int Attempts,
    int MaxAttempts,
    int Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string Input,
    string? Result,
    string? ErrorCode,
    string? ErrorMessage,
    string? ContentHash,
    Guid? BatchId,
    string? CallbackUrl,
    string? BlobKey,
    DateTimeOffset? BlobPurgedAt,
    string? TraceParent = null)
{
    internal static JobInfo From(Job j) => new(
        j.Id, j.TenantId, j.Kind, j.Status, j.Progress, j.Attempts, j.MaxAttempts, j.Priority, j.CreatedAt, j.NotBefore,
        j.StartedAt, j.FinishedAt, j.LeaseOwner, j.LeaseExpiresAt, j.Input, j.Result, j.ErrorCode, j.ErrorMessage,
        j.ContentHash, j.BatchId, j.CallbackUrl, j.BlobKey, j.BlobPurgedAt, j.TraceParent);
}
