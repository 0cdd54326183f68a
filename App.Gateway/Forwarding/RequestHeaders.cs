using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace App.Gateway.Forwarding;

/// <summary>Copies the client's headers onto the upstream request, leaving out what belongs to the client's connection.</summary>
public static class RequestHeaders
{
    /// <summary>
    /// Trace context is written afresh by the handler's propagator from the gateway's activity (itself a child of the
    /// client's), so copying the client's values as well would send two conflicting parents.
    /// </summary>
    private static readonly FrozenSet<string> TraceHeaders = FrozenSet.ToFrozenSet(
        ["traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context"],
        StringComparer.OrdinalIgnoreCase);

    public static void CopyTo(HttpRequest source, HttpRequestMessage destination)
    {
        var listed = HopByHopHeaders.ListedIn(source.Headers.Connection);
        var chunked = source.Headers.TransferEncoding.Count > 0;
        foreach (var (name, values) in source.Headers)
        {
            if (name.StartsWith(':')
                || name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
                || HopByHopHeaders.IsHopByHop(name, listed)
                || ForwardedHeaders.IsForwardingHeader(name)
                || TraceHeaders.Contains(name)
                // With both framings the length is the one to distrust (RFC 9112 6.3); the body is re-framed upstream anyway.
                || (chunked && name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // HttpClient keeps content headers (Content-Type, Content-Length, ...) on the content, not on the request.
            if (!destination.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                destination.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }
}
