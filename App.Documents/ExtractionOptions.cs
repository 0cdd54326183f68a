namespace App.Documents;

/// <summary>Bound from "Documents:Extraction".</summary>
public sealed class ExtractionOptions
{
    public const string SectionName = "Documents:Extraction";

    public string PdfToTextPath { get; set; } = "pdftotext";

    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
