using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace App.Identity.Authorization;

/// <summary>
/// Answers a forbidden request with a 403 ProblemDetails that says what is missing (a scope, the admin role), whatever
/// scheme authenticated the caller: a scheme's own Forbid knows only that the policy failed, not why. Challenges and
/// successes go to the default handler (a challenge is the scheme's: the internal token's 401, JwtBearer's header).
/// </summary>
internal sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler defaultHandler = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return defaultHandler.HandleAsync(next, context, policy, authorizeResult);
        }

        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).Distinct().ToList() ?? [];
        return AuthorizationProblems.WriteAsync(context, StatusCodes.Status403Forbidden, AuthorizationProblems.ForbiddenCode, "Forbidden",
            reasons.Count > 0 ? string.Join(" ", reasons) : AuthorizationProblems.DefaultForbiddenDetail);
    }
}
