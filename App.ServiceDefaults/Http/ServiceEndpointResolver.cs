using Microsoft.Extensions.Configuration;

namespace App.ServiceDefaults.Http;

/// <summary>
/// Aspire's configuration-based service discovery: "services:{name}:{scheme}:0" (env services__api__http__0) gives the
/// address that a logical "http://api" stands for.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    public Uri? Resolve(string serviceName, string scheme)
    {
        var section = configuration.GetSection($"services:{serviceName}");
        var value = section[$"{scheme}:0"] ?? section["http:0"] ?? section["https:0"];
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>Rewrites a logical address (http://api/path) to the configured one; other addresses pass unchanged.</summary>
    public Uri Rewrite(Uri requestUri)
    {
        if (!requestUri.IsAbsoluteUri || requestUri.HostNameType != UriHostNameType.Dns || requestUri.Host.Contains('.'))
        {
            return requestUri;
        }

        var target = Resolve(requestUri.Host, requestUri.Scheme);
        if (target is null)
        {
            return requestUri;
        }

        var builder = new UriBuilder(requestUri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port };
        return builder.Uri;
    }
}
