namespace App.Rag.Extraction;

/// <summary>Bound from "Rag:Extraction".</summary>
public sealed class ExtractionOptions
{
    public const string SectionName = "Rag:Extraction";

    public string PdfToTextPath { get; set; } = "pdftotext";

    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
