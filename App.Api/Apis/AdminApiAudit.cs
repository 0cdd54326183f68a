using App.Identity.Admin;
using App.Identity.Audit;
using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>The audit chain spans every tenant, so only platform admins verify it.</summary>
public static class AdminApiAudit
{
    public static RouteGroupBuilder MapAdminApiAudit(this RouteGroupBuilder audit)
    {
        audit.MapGet("/verify", VerifyAsync)
            .WithName("VerifyAuditLog")
            .WithSummary("Walk the hash chain; reports ok, or the first entry whose content, link or position is wrong.");
        return audit;
    }

    private static async Task<Results<Ok<AuditVerificationResponse>, ProblemHttpResult>> VerifyAsync(
        HttpContext context, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!context.GetCallerIdentity()!.IsPlatformAdmin)
        {
            return AdminErrorsFilter.Forbidden("Only platform administrators verify the audit log.");
        }

        var result = await audit.VerifyAsync(cancellationToken);
        return TypedResults.Ok(new AuditVerificationResponse(result.IsIntact, result.EntriesChecked, result.FirstBrokenSequence, result.Problem));
    }
}
