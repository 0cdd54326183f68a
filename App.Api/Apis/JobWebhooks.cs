using App.Api.Webhooks;
using App.Identity.Internal;
using App.Jobs;
using App.Jobs.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Apis;

public static class JobWebhooks
{
    public static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryResponse>>, NotFound>> ListAsync(
        Guid id, HttpContext context, JobQueue queue, JobsDbContext db, CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        if (await queue.GetAsync(tenantId, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(w => w.JobId == id)
            .OrderBy(w => w.Attempt)
            .Select(w => new WebhookDeliveryResponse(w.Id, w.Attempt, w.Url, w.StatusCode, w.Outcome, w.CreatedAt, w.NextAttemptAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookDeliveryResponse>>(deliveries);
    }
}
