using Microsoft.AspNetCore.Authorization;

namespace App.Identity.Authorization;

/// <summary>The scope, or the admin scope (administrators may use every product). Handles itself, like AssertionRequirement.</summary>
public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement, IAuthorizationHandler
{
    public string Scope { get; } = scope;

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.HasScope(Scope) || context.User.HasScope(ApiKeyScopes.Admin))
        {
            context.Succeed(this);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"This endpoint needs the '{Scope}' scope."));
        }

        return Task.CompletedTask;
    }

    public override string ToString() => $"scope '{Scope}' or '{ApiKeyScopes.Admin}'";
}
