using App.Inference.Models;
using App.Inference.Screening;
using Microsoft.Extensions.DependencyInjection;

namespace App.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>Registers the model catalog (models load once, on first use) and the speech-screening pipeline.</summary>
    public static IServiceCollection AddInference(this IServiceCollection services, Action<ModelCatalogOptions>? configure = null)
    {
        var options = services.AddOptions<ModelCatalogOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<SpeechScreeningPipeline>();
        return services;
    }

    /// <summary>Adds the models readiness check: untagged, so it runs on /health and not on /alive.</summary>
    public static IHealthChecksBuilder AddModelsCheck(this IHealthChecksBuilder builder) =>
        builder.AddCheck<ModelsHealthCheck>("models");
}
