namespace App.Worker.Screening;

/// <summary>
/// Where one job's time went inside the worker, in milliseconds, written with the result so a slow job explains itself.
/// <see cref="TotalMs"/> is the inference stage (decode, resample, model, post-processing); reading the input blob
/// comes before it and is not part of it.
/// </summary>
/// <param name="ReadMs">Reading the input blob from storage.</param>
/// <param name="DecodeMs">Decoding the file and resampling it to the model's rate.</param>
/// <param name="InferenceMs">The model over every window, then segments and loudness.</param>
/// <param name="TotalMs">Decode through result: the stage the benchmark compares with the raw ONNX Runtime loop.</param>
/// <param name="InferenceCpuMs">
/// CPU time the screening thread used during <paramref name="InferenceMs"/> (null where it cannot be read): well under
/// InferenceMs means the job waited for a core, not that the model was slow.
/// </param>
public sealed record ScreeningTimings(double ReadMs, double DecodeMs, double InferenceMs, double TotalMs, double? InferenceCpuMs);
