using App.Identity;
using App.Identity.Audit;
using App.Identity.Keys;
using App.ServiceDefaults.Problems;
using Microsoft.Net.Http.Headers;

namespace App.Gateway.Identity;

/// <summary>How a refused request is answered (401 with a challenge) and recorded (audit log: who, what, from where; never the key).</summary>
internal static partial class AuthenticationFailures
{
    public const string AuditAction = "authentication.failed";
    private const int MaxAuditTextLength = 256;

    public static async Task ChallengeAsync(HttpContext context, string realm, bool credentialsPresented)
    {
        context.Response.Headers.WWWAuthenticate = credentialsPresented
            ? $"Bearer realm=\"{realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{realm}\"";
        await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Unauthorized",
            $"Send an API key in {CallerAuthenticator.ApiKeyHeader}, or Authorization: Bearer with an API key or an access token.");
    }

    public static bool CredentialsPresented(HttpRequest request) =>
        !string.IsNullOrEmpty(request.Headers[CallerAuthenticator.ApiKeyHeader]) || !string.IsNullOrEmpty(request.Headers.Authorization);

    /// <summary>Appends the failure to the audit chain; a failing audit write is logged, it never turns a 401 into a 500.</summary>
    public static async Task RecordAsync(HttpContext context, AuditLog audit, string reason, ILogger logger)
    {
        var actor = Actor(context.Request);
        var target = Truncate($"{context.Request.Method} {context.Request.Path.ToUriComponent()} ({reason})");
        LogFailure(logger, actor, context.Request.Method, context.Request.Path, context.ClientIp(), reason);
        try
        {
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
        var apiKey = request.Headers[CallerAuthenticator.ApiKeyHeader].ToString();
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        var key = apiKey.Length > 0 ? apiKey : bearer is not null && bearer.StartsWith(ApiKeyFormat.Marker, StringComparison.Ordinal) ? bearer : null;

        if (key is not null)
        {
            return ApiKeyFormat.TryParse(key, out var prefix) ? $"api_key:{prefix}" : "api_key:malformed";
        }

        return bearer is not null ? "bearer_token" : authorization.Length > 0 ? "authorization:unsupported" : "anonymous";
    }

    private static string Truncate(string value) => value.Length <= MaxAuditTextLength ? value : value[..MaxAuditTextLength];

    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication failed for {Actor} on {Method} {Path} from {ClientIp}: {Reason}")]
    private static partial void LogFailure(ILogger logger, string actor, string method, PathString path, string clientIp, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The authentication failure could not be written to the audit log")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception);
}
