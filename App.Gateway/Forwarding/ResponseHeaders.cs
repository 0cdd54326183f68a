using System.Net.Http.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace App.Gateway.Forwarding;

/// <summary>Copies a service's response headers to the client, leaving out what belongs to the upstream connection.</summary>
public static class ResponseHeaders
{
    public static void CopyTo(HttpResponseMessage source, HttpResponse destination)
    {
        var listed = source.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var connection)
            ? HopByHopHeaders.ListedIn(connection)
            : new HashSet<string>();
        var chunked = source.Headers.NonValidated.Contains(HeaderNames.TransferEncoding);

        Copy(source.Headers.NonValidated, destination, listed, chunked);
        Copy(source.Content.Headers.NonValidated, destination, listed, chunked);
    }

    private static void Copy(HttpHeadersNonValidated headers, HttpResponse destination, IReadOnlySet<string> listed, bool chunked)
    {
        foreach (var (name, values) in headers)
        {
            if (HopByHopHeaders.IsHopByHop(name, listed)
                || (chunked && name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            destination.Headers[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
    }
}
