using Microsoft.Extensions.ServiceDiscovery;

namespace App.Gateway.Routing;

/// <summary>
/// A service's address through Microsoft.Extensions.ServiceDiscovery: "services:{name}:http:0" (env
/// services__api__http__0), or its https endpoint when only that is configured. Only a configured address counts: for a
/// name with none, the pass-through provider hands the bare name back ("api:80", not a URI), and the gateway answers
/// 503 instead of trying to reach it.
/// </summary>
public sealed class ServiceAddresses(ServiceEndpointResolver resolver)
{
    public async ValueTask<Uri?> ResolveAsync(string service, CancellationToken cancellationToken)
    {
        ServiceEndpointSource source;
        try
        {
            source = await resolver.GetEndpointsAsync($"http+https://{service}", cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            // A configured value that is not an address: as good as none.
            return null;
        }

        return source.Endpoints.Select(e => e.EndPoint).OfType<UriEndPoint>().FirstOrDefault()?.Uri;
    }
}
