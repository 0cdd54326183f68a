using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Identity.Authorization;

/// <summary>
/// The authorization policies of the whole platform, in one place. They read only claims (roles, scopes), not a scheme,
/// so the gateway registers the same policies over its own schemes (API key, JWT) as the services over the internal token.
/// </summary>
public static class AppPolicies
{
    /// <summary>Predictions, jobs and batches: the predictions scope (or admin).</summary>
    public const string Predictions = "predictions";

    /// <summary>Collections, documents, search and answers: the documents scope (or admin).</summary>
    public const string Documents = "documents";

    /// <summary>Extractions: the extractions scope (or admin).</summary>
    public const string Extractions = "extractions";

    /// <summary>Administration: the admin role and the admin scope.</summary>
    public const string Admin = "admin";

    /// <summary>Any authenticated caller; the services' fallback policy, so an endpoint is protected unless it says AllowAnonymous.</summary>
    public static AuthorizationPolicy AuthenticatedCaller { get; } = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    /// <summary>
    /// Registers <see cref="Predictions"/>, <see cref="Documents"/>, <see cref="Extractions"/> and <see cref="Admin"/>, and
    /// answers refusals as ProblemDetails (403 names what is missing).
    /// </summary>
    public static AuthorizationBuilder AddAppPolicies(this AuthorizationBuilder builder)
    {
        // Replace, not TryAdd: AddAuthorization (which created this builder) already registered the default handler.
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>());
        return builder
            .AddPolicy(Predictions, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(ApiKeyScopes.Predictions)))
            .AddPolicy(Documents, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(ApiKeyScopes.Documents)))
            .AddPolicy(Extractions, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(ApiKeyScopes.Extractions)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
    }
}
