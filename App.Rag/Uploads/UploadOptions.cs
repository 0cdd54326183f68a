namespace App.Rag.Uploads;

/// <summary>Bound from "Rag:Uploads".</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Rag:Uploads";

    /// <summary>Uploads larger than this are refused with 413.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;
}
