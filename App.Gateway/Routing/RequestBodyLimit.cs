using Microsoft.AspNetCore.Http.Features;

namespace App.Gateway.Routing;

/// <summary>
/// A route's body limit, applied twice: refused up front when the declared Content-Length is over it, and enforced by
/// Kestrel while streaming (a chunked body that grows past it fails the read with 413).
/// </summary>
public static class RequestBodyLimit
{
    /// <returns>false when the declared length is already over the limit.</returns>
    public static bool TryApply(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return true;
    }
}
