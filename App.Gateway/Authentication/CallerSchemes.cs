using App.Identity.Keys;
using Microsoft.Net.Http.Headers;

namespace App.Gateway.Authentication;

/// <summary>
/// The gateway's authentication schemes: one policy scheme (<see cref="Caller"/>, the default) that forwards by the
/// credential's shape to the API-key handler or to JwtBearer.
/// </summary>
public static class CallerSchemes
{
    public const string Caller = "Caller";
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";
    public const string ApiKeyHeader = "X-Api-Key";

    private const string BearerPrefix = "Bearer ";

    /// <summary><c>X-Api-Key</c>, or <c>Authorization: Bearer sk_...</c>, is an API key; any other bearer credential is a token.</summary>
    public static string Select(HttpContext context) => ApiKeyOf(context.Request) is not null ? ApiKey : Bearer;

    /// <summary>The API key the request presents, or null when it presents none (it may present a token).</summary>
    public static string? ApiKeyOf(HttpRequest request)
    {
        var header = request.Headers[ApiKeyHeader];
        if (header.Count > 0)
        {
            return header.ToString();
        }

        return BearerOf(request) is { } credential && credential.StartsWith(ApiKeyFormat.Marker, StringComparison.Ordinal) ? credential : null;
    }

    /// <summary>The credential after <c>Authorization: Bearer</c>, or null.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }

    public static bool CredentialsPresented(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyHeader) || request.Headers.ContainsKey(HeaderNames.Authorization);
}
