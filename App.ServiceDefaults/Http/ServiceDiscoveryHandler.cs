namespace App.ServiceDefaults.Http;

public sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not null)
        {
            request.RequestUri = resolver.Rewrite(request.RequestUri);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
