using System.Text.Json;

namespace App.Inference.Models;

public static class ModelManifestReader
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <exception cref="InvalidDataException">The manifest is not valid JSON or misses a field.</exception>
    public static ModelManifest Read(string path)
    {
        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid model manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        // The file name is joined to the model's folder; a path here could point anywhere on the machine.
        if (Path.GetFileName(manifest.File) != manifest.File)
        {
            throw new InvalidDataException($"{path}: 'file' must be a plain file name, not '{manifest.File}'.");
        }

        return manifest;
    }
}
