using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Inference.Models;

/// <summary>Readiness: unhealthy while any model is unavailable or none is present, with each model's state as data.</summary>
public sealed class ModelsHealthCheck(ModelCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = catalog.Statuses;
        var data = statuses.ToDictionary(
            s => s.Name,
            s => (object)(s.Available ? $"available ({s.Version})" : $"unavailable: {s.Reason}"));

        if (statuses.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No models are installed.", data: data));
        }

        var unavailable = statuses.Where(s => !s.Available).Select(s => s.Name).ToList();
        return Task.FromResult(unavailable.Count == 0
            ? HealthCheckResult.Healthy($"{statuses.Count} model(s) loaded.", data)
            : HealthCheckResult.Unhealthy($"Unavailable model(s): {string.Join(", ", unavailable)}.", data: data));
    }
}
