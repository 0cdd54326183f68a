using App.Identity;
using App.Identity.Internal;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Apis;

/// <summary>
/// Admin role and admin scope, or 403; and the admin services' refusals mapped to answers: a tenant the caller may not
/// administer is 403, bad input 400, a duplicate (same e-mail in a tenant) 409.
/// </summary>
public sealed class AdminAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetCallerIdentity() is not { } caller)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "Unauthorized", "This endpoint needs an authenticated caller.");
        }

        if (!caller.IsInRole(Roles.Admin) || !caller.HasScope(ApiKeyScopes.Admin))
        {
            return Forbidden($"Administration needs the '{Roles.Admin}' role and the '{ApiKeyScopes.Admin}' scope.");
        }

        try
        {
            return await next(context);
        }
        catch (UnauthorizedAccessException)
        {
            return Forbidden("The caller may not administer that tenant.");
        }
        catch (ArgumentException ex)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Invalid request", ex.Message);
        }
        catch (DbUpdateException)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "Conflict", "It conflicts with an existing entry (for example a user with the same e-mail).");
        }
    }

    public static ProblemHttpResult Forbidden(string detail) =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Forbidden", detail);
}
