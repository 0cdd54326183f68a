namespace App.Documents;

/// <summary>The formats the extractors understand; Unknown is refused at upload.</summary>
public enum SourceFormat
{
    Unknown,
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}
