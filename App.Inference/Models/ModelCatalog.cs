using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace App.Inference.Models;

/// <summary>
/// Loads every model under the models folder once, at construction (register as a singleton). A model whose file is
/// missing, altered or unloadable stays listed as unavailable with the reason: callers get
/// <see cref="ModelUnavailableException"/>, never a stand-in result.
/// </summary>
public sealed partial class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, LoadedModel> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelStatus> _statuses = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly ILogger<ModelCatalog> _logger;

    public ModelCatalog(IOptions<ModelCatalogOptions> options, ILogger<ModelCatalog> logger)
    {
        _directory = Path.GetFullPath(options.Value.ModelsDirectory);
        _logger = logger;

        if (!Directory.Exists(_directory))
        {
            LogNoModelsDirectory(_directory);
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(_directory).Order(StringComparer.Ordinal))
        {
            var manifestPath = Path.Combine(folder, ModelManifestReader.FileName);
            if (File.Exists(manifestPath))
            {
                Load(Path.GetFileName(folder), manifestPath, options.Value.IntraOpThreads);
            }
        }
    }

    public IReadOnlyCollection<ModelStatus> Statuses => _statuses.Values;

    /// <exception cref="ModelUnavailableException">The model failed to load, or there is no such model.</exception>
    public LoadedModel Get(string name)
    {
        if (_loaded.TryGetValue(name, out var model))
        {
            return model;
        }

        var reason = _statuses.TryGetValue(name, out var status)
            ? status.Reason ?? "not loaded"
            : $"no manifest for it under {_directory}";
        throw new ModelUnavailableException(name, reason);
    }

    public void Dispose()
    {
        foreach (var model in _loaded.Values)
        {
            model.Session.Dispose();
        }

        _loaded.Clear();
    }

    private void Load(string folderName, string manifestPath, int intraOpThreads)
    {
        var started = Stopwatch.GetTimestamp();
        ModelManifest manifest;
        try
        {
            manifest = ModelManifestReader.Read(manifestPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Unavailable(folderName, null, e.Message, started);
            return;
        }

        var modelPath = Path.Combine(Path.GetDirectoryName(manifestPath)!, manifest.File);
        if (!File.Exists(modelPath))
        {
            Unavailable(manifest.Name, manifest.Version, $"model file {modelPath} is missing", started);
            return;
        }

        var actual = Sha256Of(modelPath);
        if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            Unavailable(manifest.Name, manifest.Version,
                $"sha256 of {manifest.File} is {actual}, the manifest expects {manifest.Sha256}", started);
            return;
        }

        InferenceSession session;
        try
        {
            session = CreateSession(modelPath, intraOpThreads);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            Unavailable(manifest.Name, manifest.Version, $"ONNX Runtime could not load it: {e.Message}", started);
            return;
        }

        var mismatch = SignatureMismatch(manifest, session);
        if (mismatch is not null)
        {
            session.Dispose();
            Unavailable(manifest.Name, manifest.Version, mismatch, started);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _loaded[manifest.Name] = new LoadedModel(manifest, session);
        _statuses[manifest.Name] = new ModelStatus(manifest.Name, manifest.Version, true, null, elapsed);
        InferenceTelemetry.ModelLoadDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", manifest.Name));
        LogLoaded(manifest.Name, manifest.Version, elapsed.TotalMilliseconds);
    }

    private static InferenceSession CreateSession(string modelPath, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(modelPath, options);
    }

    private static string? SignatureMismatch(ModelManifest manifest, InferenceSession session)
    {
        var missingInputs = manifest.Inputs.Select(i => i.Name).Except(session.InputMetadata.Keys).ToList();
        var missingOutputs = manifest.Outputs.Select(o => o.Name).Except(session.OutputMetadata.Keys).ToList();
        if (missingInputs.Count == 0 && missingOutputs.Count == 0)
        {
            return null;
        }

        return $"the model does not have the manifest's inputs [{string.Join(", ", missingInputs)}] " +
               $"or outputs [{string.Join(", ", missingOutputs)}]";
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private void Unavailable(string name, string? version, string reason, long started)
    {
        _statuses[name] = new ModelStatus(name, version, false, reason, Stopwatch.GetElapsedTime(started));
        LogUnavailable(name, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Models directory {Directory} does not exist; no model is available")]
    private partial void LogNoModelsDirectory(string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} {Version} in {ElapsedMs:F0} ms")]
    private partial void LogLoaded(string model, string version, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} is unavailable: {Reason}")]
    private partial void LogUnavailable(string model, string reason);
}
