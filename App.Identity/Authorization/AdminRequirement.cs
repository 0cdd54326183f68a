using Microsoft.AspNetCore.Authorization;

namespace App.Identity.Authorization;

/// <summary>
/// The admin role and the admin scope, both: a key or token of an admin that was issued without the admin scope does
/// not administer. Handles itself, like AssertionRequirement.
/// </summary>
public sealed class AdminRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.IsInRole(Roles.Admin) && context.User.HasScope(ApiKeyScopes.Admin))
        {
            context.Succeed(this);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"Administration needs the '{Roles.Admin}' role and the '{ApiKeyScopes.Admin}' scope."));
        }

        return Task.CompletedTask;
    }

    public override string ToString() => $"role '{Roles.Admin}' and scope '{ApiKeyScopes.Admin}'";
}
