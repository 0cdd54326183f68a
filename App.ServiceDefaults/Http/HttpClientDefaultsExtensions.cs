using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace App.ServiceDefaults.Http;

public static class HttpClientDefaultsExtensions
{
    public static IServiceCollection AddServiceDiscoveryFromConfiguration(this IServiceCollection services)
    {
        services.AddSingleton<ServiceEndpointResolver>();
        services.AddOptions<HttpResilienceOptions>().BindConfiguration(HttpResilienceOptions.SectionName);
        services.AddSingleton<ResiliencePipelineRegistry<string>>();
        return services;
    }

    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(sp => new ServiceDiscoveryHandler(sp.GetRequiredService<ServiceEndpointResolver>()));

    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(sp => new ResilienceHandler(
            sp.GetRequiredService<ResiliencePipelineRegistry<string>>(),
            sp.GetRequiredService<IOptions<HttpResilienceOptions>>().Value));
}
