using App.Identity;
using App.Identity.Audit;
using Microsoft.Extensions.Options;

namespace App.Gateway.Identity;

/// <summary>
/// Every forwarded request outside the anonymous list must carry an API key (<c>X-Api-Key</c> or <c>Authorization: Bearer sk_...</c>)
/// or an OIDC access token (<c>Authorization: Bearer</c>); the caller is kept as a request feature for the limits and the
/// internal token. A failure is answered 401, audited, and counted against the client IP's failure budget.
/// </summary>
internal sealed class GatewayAuthenticationMiddleware(
    RequestDelegate next,
    FailedAuthenticationGuard guard,
    IOptions<GatewayAuthenticationOptions> options,
    ILogger<GatewayAuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, CallerAuthenticator authenticator, AuditLog audit)
    {
        if (context.ForwardedRoute() is null || options.Value.IsAnonymous(context.Request.Path))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var result = await authenticator.AuthenticateAsync(
            request.Headers.Authorization.ToString(), request.Headers[CallerAuthenticator.ApiKeyHeader].ToString(), context.RequestAborted);
        if (result.Identity is { } caller)
        {
            context.Features.Set(caller);
            await next(context);
            return;
        }

        await AuthenticationFailures.RecordAsync(context, audit, result.Failure ?? "refused", logger);
        await guard.RecordFailureAsync(context.ClientIp(), context.RequestAborted);
        await AuthenticationFailures.ChallengeAsync(context, options.Value.Realm, AuthenticationFailures.CredentialsPresented(request));
    }
}
