using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using App.Inference.Models;
using App.Inference.Screening;
using App.Inference.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Inference.Tests.Models;

public sealed class ModelCatalogTests : IDisposable
{
    private static readonly string BuiltModels = Path.Combine(AppContext.BaseDirectory, "models");
    private readonly string _scratch = Directory.CreateTempSubdirectory("models-").FullName;

    [Fact]
    public void Loads_the_bundled_vad_model_after_verifying_it()
    {
        using var catalog = ModelsFixture.Open(BuiltModels);

        var status = Assert.Single(catalog.Statuses);
        Assert.True(status.Available, status.Reason);
        Assert.Equal("silero-vad", status.Name);
        Assert.Equal("5.0", status.Version);
        var model = catalog.Get(SileroVad.ModelName);
        Assert.Equal(["input", "sr", "state"], model.Session.InputMetadata.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Healthy_when_every_model_loaded()
    {
        using var catalog = ModelsFixture.Open(BuiltModels);

        var result = await new ModelsHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("available (5.0)", result.Data["silero-vad"]);
    }

    [Fact]
    public async Task A_model_whose_sha256_differs_is_unavailable_with_the_reason_and_never_runs()
    {
        var manifest = CopyModel();
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["sha256"] = new string('0', 64);
        File.WriteAllText(manifest, json.ToJsonString());

        using var catalog = ModelsFixture.Open(_scratch);

        var status = Assert.Single(catalog.Statuses);
        Assert.False(status.Available);
        Assert.Contains("sha256", status.Reason, StringComparison.Ordinal);
        var error = Assert.Throws<ModelUnavailableException>(() => catalog.Get(SileroVad.ModelName));
        Assert.Equal("model_unavailable", error.ErrorCode);
        var pipelineError = await Assert.ThrowsAsync<ModelUnavailableException>(
            () => new SpeechScreeningPipeline(catalog).RunAsync(WavWriter.WriteMono16(new float[16000], 16000)));
        Assert.Equal(InferenceErrorCodes.ModelUnavailable, pipelineError.ErrorCode);
        var health = await new ModelsHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("sha256", (string)health.Data["silero-vad"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_matches_its_sha256_but_is_not_a_model_is_unavailable()
    {
        var manifest = CopyModel();
        var modelFile = Path.Combine(Path.GetDirectoryName(manifest)!, "silero_vad_v5.onnx");
        File.WriteAllText(modelFile, "not an onnx graph");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(modelFile)));
        File.WriteAllText(manifest, json.ToJsonString());

        using var catalog = ModelsFixture.Open(_scratch);

        var status = Assert.Single(catalog.Statuses);
        Assert.False(status.Available);
        Assert.Contains("ONNX Runtime could not load it", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_unavailable()
    {
        var manifest = CopyModel();
        File.Delete(Path.Combine(Path.GetDirectoryName(manifest)!, "silero_vad_v5.onnx"));

        using var catalog = ModelsFixture.Open(_scratch);

        Assert.Contains("missing", Assert.Single(catalog.Statuses).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_manifest_is_unavailable_under_its_folder_name()
    {
        var manifest = CopyModel();
        File.WriteAllText(manifest, """{ "name": "silero-vad" }""");

        using var catalog = ModelsFixture.Open(_scratch);

        var status = Assert.Single(catalog.Statuses);
        Assert.Equal("silero-vad", status.Name);
        Assert.False(status.Available);
        Assert.Throws<ModelUnavailableException>(() => catalog.Get("silero-vad"));
    }

    [Fact]
    public async Task No_models_at_all_is_unhealthy_and_asking_for_one_fails()
    {
        using var catalog = ModelsFixture.Open(Path.Combine(_scratch, "absent"));

        var health = await new ModelsHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        var error = Assert.Throws<ModelUnavailableException>(() => catalog.Get(SileroVad.ModelName));
        Assert.Contains("no manifest", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_the_load_time_on_the_inference_meter()
    {
        var recorded = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InferenceTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (recorded)
            {
                recorded.Add((instrument.Name, value));
            }
        });
        listener.Start();

        using var catalog = ModelsFixture.Open(BuiltModels);

        lock (recorded)
        {
            Assert.Contains(recorded, r => r.Instrument == "app.inference.model.load.duration" && r.Value > 0);
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string CopyModel()
    {
        var target = Directory.CreateDirectory(Path.Combine(_scratch, "silero-vad")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(BuiltModels, "silero-vad")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return Path.Combine(target, ModelManifestReader.FileName);
    }
}
