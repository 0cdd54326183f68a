using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.Api.Extractions;
using App.Api.Predictions;
using App.Extractions;
using App.Jobs;
using App.Jobs.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>
/// Sends each finished job with a callback URL its final state, signed, and retries with exponential backoff.
/// Deliveries are derived from the job rows (a finished job without a delivery row gets one), so a crash between
/// finishing a job and scheduling its webhook loses nothing. Replicas share the work: the first attempt's id is
/// derived from the job id, and a due row is taken by a conditional update before it is sent.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(options.Value.SigningSecret))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
                await ScheduleFirstAttemptsAsync(db, stoppingToken);
                await SendDueAsync(db, scope.ServiceProvider.GetRequiredService<JobQueue>(), stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                LogPassFailed(e);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task ScheduleFirstAttemptsAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var due = await db.Jobs.AsNoTracking()
            .Where(j => j.CallbackUrl != null
                && (j.Status == JobStatus.Succeeded || j.Status == JobStatus.Failed || j.Status == JobStatus.Canceled)
                && !db.WebhookDeliveries.Any(w => w.JobId == j.Id))
            .Select(j => new { j.Id, j.CallbackUrl })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var job in due)
        {
            db.WebhookDeliveries.Add(NewAttempt(job.Id, job.CallbackUrl!, 1, now, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another replica scheduled it first: the deterministic id collided, which is the point.
            }

            db.ChangeTracker.Clear();
        }
    }

    private async Task SendDueAsync(JobsDbContext db, JobQueue queue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(w => w.Outcome == WebhookOutcomes.Pending && w.NextAttemptAt <= now)
            .OrderBy(w => w.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var delivery in due)
        {
            var takenUntil = now + (options.Value.Timeout * 2);
            var taken = await db.WebhookDeliveries
                .Where(w => w.Id == delivery.Id && w.Outcome == WebhookOutcomes.Pending && w.NextAttemptAt == delivery.NextAttemptAt)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.NextAttemptAt, takenUntil), cancellationToken);
            if (taken == 1)
            {
                await DeliverAsync(db, queue, delivery, cancellationToken);
            }
        }
    }

    private async Task DeliverAsync(JobsDbContext db, JobQueue queue, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var tenantId = await db.Jobs.Where(j => j.Id == delivery.JobId).Select(j => j.TenantId).SingleAsync(cancellationToken);
        var job = (await queue.GetAsync(tenantId, delivery.JobId, cancellationToken))!;
        // The job as its own API shows it: an extraction as GET /api/v1/extractions/{id}, anything else as a job.
        object payload = job.Kind == ExtractionJob.Kind ? ExtractionResponse.From(job) : JobResponse.From(job);
        var body = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web);
        var statusCode = await PostAsync(delivery, body, cancellationToken);

        var now = time.GetUtcNow();
        var delivered = statusCode is >= 200 and < 300;
        var retry = !delivered && delivery.Attempt < options.Value.MaxAttempts;
        var outcome = delivered ? WebhookOutcomes.Delivered : retry ? WebhookOutcomes.Retried : WebhookOutcomes.Failed;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WebhookDeliveries.Where(w => w.Id == delivery.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Outcome, outcome)
                .SetProperty(w => w.StatusCode, statusCode)
                .SetProperty(w => w.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (retry)
        {
            var delay = options.Value.BackoffBase * Math.Pow(2, delivery.Attempt - 1);
            db.WebhookDeliveries.Add(NewAttempt(delivery.JobId, delivery.Url, delivery.Attempt + 1, now, now + delay));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        WebhookTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        LogAttempt(delivery.JobId, delivery.Attempt, statusCode, outcome);
    }

    /// <returns>The receiver's status code, or null when it could not be reached in time.</returns>
    private async Task<int?> PostAsync(WebhookDelivery delivery, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(options.Value.SigningSecret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add("X-Webhook-Id", delivery.JobId.ToString("D"));
        request.Headers.Add("X-Webhook-Attempt", delivery.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(delivery.JobId, delivery.Attempt, e.Message);
            return null;
        }
    }

    private static WebhookDelivery NewAttempt(Guid jobId, string url, int attempt, DateTimeOffset now, DateTimeOffset notBefore) => new()
    {
        Id = AttemptId(jobId, attempt),
        JobId = jobId,
        Url = url,
        Attempt = attempt,
        Outcome = WebhookOutcomes.Pending,
        CreatedAt = now,
        NextAttemptAt = notBefore,
    };

    private static Guid AttemptId(Guid jobId, int attempt) =>
        new(SHA256.HashData(Encoding.ASCII.GetBytes($"{jobId:N}/{attempt}")).AsSpan(0, 16));

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for job {JobId}, attempt {Attempt}: status {StatusCode}, {Outcome}")]
    private partial void LogAttempt(Guid jobId, int attempt, int? statusCode, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for job {JobId}, attempt {Attempt}: receiver unreachable: {Reason}")]
    private partial void LogUnreachable(Guid jobId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook pass failed; retrying on the next one")]
    private partial void LogPassFailed(Exception exception);
}
