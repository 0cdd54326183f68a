using App.Identity;
using App.Identity.Internal;
using App.Rag.Data;
using App.ServiceDefaults.Problems;

namespace App.Rag.Tenancy;

/// <summary>
/// Refuses requests without a tenant and user (401) or without the documents scope (403), and scopes the request's
/// database context to the caller's tenant before any handler runs: every query of the API is tenant-scoped without
/// the handler asking.
/// </summary>
public static class CallerRequiredFilter
{
    public static RouteGroupBuilder RequireCaller(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.RequestServices.GetRequiredService<ICallerContext>();
            if (!caller.IsAuthenticated)
            {
                return ProblemDetailsExtensions.Problem(
                    StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Unauthorized", "The request carries no tenant and user.");
            }

            if (context.HttpContext.GetCallerIdentity() is not { } identity
                || !(identity.HasScope(ApiKeyScopes.Documents) || identity.HasScope(ApiKeyScopes.Admin)))
            {
                return ProblemDetailsExtensions.Problem(
                    StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Missing scope", $"This endpoint needs the '{ApiKeyScopes.Documents}' scope.");
            }

            context.HttpContext.RequestServices.GetRequiredService<RagDbContext>().ScopeTo(caller.TenantId);
            return await next(context);
        });
}
