using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Headers every response carries, whoever produced it (a service, the gateway, an error page). Written just before the
/// response starts so they win over anything a service sent and survive the exception handler clearing headers.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>API responses are data, never a page: nothing may load, nothing may frame them.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The docs UI loads its own scripts and styles (and sets inline styles); it still loads nothing from elsewhere. Its
    /// page starts the UI with one inline script, allowed by the nonce the docs endpoint made for that response.
    /// </summary>
    public static string DocsPolicy(string? nonce) =>
        $"default-src 'self'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public const string DocsPath = "/api/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(DocsPath)
            ? DocsPolicy(context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null)
            : ApiPolicy;
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    }
}
