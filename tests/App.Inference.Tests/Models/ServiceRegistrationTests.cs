using System.Diagnostics.Metrics;
using App.Inference.Screening;
using App.Inference.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace App.Inference.Tests.Models;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task AddInference_wires_the_pipeline_and_the_readiness_check_to_the_bundled_models()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddInference();
        services.AddHealthChecks().AddModelsCheck();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var result = await provider.GetRequiredService<SpeechScreeningPipeline>()
            .RunAsync(WavWriter.WriteMono16(Signals.Silence(16000, 1), 16000));

        Assert.Equal(HealthStatus.Healthy, report.Entries["models"].Status);
        Assert.Equal(1.0, result.DurationSeconds);
    }

    [Fact]
    public async Task The_pipeline_records_inference_latency_on_the_inference_meter()
    {
        var instruments = new HashSet<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InferenceTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (instruments)
            {
                instruments.Add(instrument.Name);
            }
        });
        listener.Start();

        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddInference();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SpeechScreeningPipeline>().RunAsync(WavWriter.WriteMono16(Signals.Silence(16000, 1), 16000));

        lock (instruments)
        {
            Assert.Contains("app.inference.run.duration", instruments);
            Assert.Contains("app.inference.pipeline.duration", instruments);
            Assert.Contains("app.inference.audio.processed", instruments);
        }
    }
}
