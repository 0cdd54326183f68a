using App.Identity;
using App.Identity.Internal;
using App.ServiceDefaults.Problems;

namespace App.Api.Apis;

/// <summary>
/// Every predictions, jobs and batches endpoint acts for the caller the gateway vouched for, with the predictions
/// scope; handlers can then read the tenant from their first line.
/// </summary>
public sealed class PredictionsScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.GetCallerIdentity();
        if (caller is null)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "Not authenticated", "This endpoint needs an authenticated caller.");
        }

        if (!caller.HasScope(ApiKeyScopes.Predictions) && !caller.HasScope(ApiKeyScopes.Admin))
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Missing scope", $"This endpoint needs the '{ApiKeyScopes.Predictions}' scope.");
        }

        return await next(context);
    }
}
