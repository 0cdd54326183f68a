namespace App.Api.Uploads;

/// <param name="Fields">The text fields named in the <see cref="UploadLimits"/>, trimmed.</param>
public sealed record UploadForm(IReadOnlyList<UploadedFile> Files, IReadOnlyDictionary<string, string> Fields)
{
    /// <returns>The field's value; null when absent or empty.</returns>
    public string? Field(string name) => Fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
