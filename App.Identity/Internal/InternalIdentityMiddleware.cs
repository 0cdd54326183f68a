using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace App.Identity.Internal;

/// <summary>Refuses every request without a valid internal identity (401 ProblemDetails) and exposes the caller to endpoints.</summary>
internal sealed class InternalIdentityMiddleware(RequestDelegate next, InternalTokenVerifier verifier, IOptions<InternalIdentityOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Value.AnonymousPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var result = await verifier.VerifyAsync(context.Request.Headers[InternalIdentityOptions.HeaderName].ToString());
        if (result.Identity is not { } caller)
        {
            await TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Requests must come through the gateway.",
                Extensions = { ["code"] = "unauthorized" },
            }).ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        context.User = ToPrincipal(caller);
        await next(context);
    }

    private static ClaimsPrincipal ToPrincipal(CallerIdentity caller)
    {
        var identity = new ClaimsIdentity("internal", ClaimTypes.NameIdentifier, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, caller.Subject));
        identity.AddClaim(new Claim(InternalClaims.Tenant, caller.TenantId.ToString("D")));
        identity.AddClaims(caller.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        identity.AddClaims(caller.Scopes.Select(s => new Claim(InternalClaims.Scope, s)));
        return new ClaimsPrincipal(identity);
    }
}
