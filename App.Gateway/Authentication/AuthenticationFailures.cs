using App.Identity;
using App.Identity.Audit;
using App.Identity.Authorization;
using App.Identity.Keys;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace App.Gateway.Authentication;

/// <summary>
/// How the gateway answers a request its route's policy refused, whichever scheme looked at it. A challenge (no valid
/// credential) is answered 401 with <c>WWW-Authenticate</c>, written to the audit chain (who, what, from where; never
/// the key) and counted against the client IP's failure budget; a forbidden request is the services' 403 ProblemDetails.
/// </summary>
internal sealed partial class AuthenticationFailures(
    FailedAuthenticationGuard guard, IOptions<GatewayAuthenticationOptions> options, ILogger<AuthenticationFailures> logger)
    : IAuthorizationMiddlewareResultHandler
{
    public const string AuditAction = "authentication.failed";
    private const int MaxAuditTextLength = 256;

    private readonly ProblemDetailsAuthorizationResultHandler forbidden = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Challenged)
        {
            await forbidden.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // The scheme's result is cached for the request: this reads why it failed, it does not authenticate again.
        var authenticated = await context.AuthenticateAsync();
        var reason = authenticated.Failure?.Message ?? "no credentials";
        await RecordAsync(context, reason);
        await guard.RecordFailureAsync(context.ClientIp(), context.RequestAborted);

        var presented = CallerSchemes.CredentialsPresented(context.Request);
        context.Response.Headers.WWWAuthenticate = presented
            ? $"Bearer realm=\"{options.Value.Realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{options.Value.Realm}\"";
        await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Unauthorized",
            $"Send an API key in {CallerSchemes.ApiKeyHeader}, or Authorization: Bearer with an API key or an access token.");
    }

    /// <summary>Appends the failure to the audit chain; a failing audit write is logged, it never turns a 401 into a 500.</summary>
    private async Task RecordAsync(HttpContext context, string reason)
    {
        var actor = Actor(context.Request);
        var target = Truncate($"{context.Request.Method} {context.Request.Path.ToUriComponent()} ({reason})");
        LogFailure(logger, actor, context.Request.Method, context.Request.Path, context.ClientIp(), reason);
        try
        {
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.AppendAsync(new AuditRecord(null, actor, AuditAction, target, AuditRecord.Denied, context.ClientIp()), context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, ex);
        }
    }

    /// <summary>Names the credential without revealing it: an API key by its public prefix, a bearer token only by its kind.</summary>
    private static string Actor(HttpRequest request)
    {
        if (CallerSchemes.ApiKeyOf(request) is { } key)
        {
            return ApiKeyFormat.TryParse(key, out var prefix) ? $"api_key:{prefix}" : "api_key:malformed";
        }

        return CallerSchemes.BearerOf(request) is not null ? "bearer_token"
            : request.Headers.Authorization.Count > 0 ? "authorization:unsupported"
            : "anonymous";
    }

    private static string Truncate(string value) => value.Length <= MaxAuditTextLength ? value : value[..MaxAuditTextLength];

    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication failed for {Actor} on {Method} {Path} from {ClientIp}: {Reason}")]
    private static partial void LogFailure(ILogger logger, string actor, string method, PathString path, string clientIp, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The authentication failure could not be written to the audit log")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception);
}
