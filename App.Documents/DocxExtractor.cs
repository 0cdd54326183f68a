using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace App.Documents;

/// <summary>DOCX paragraphs (tables included) in document order; "Title" and "Heading N" styles become headings.</summary>
public sealed class DocxExtractor : IDocumentExtractor
{
    public SourceFormat Format => SourceFormat.Docx;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        // The OpenXml package needs a seekable stream.
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        try
        {
            using var document = WordprocessingDocument.Open(buffer, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                       ?? throw new ExtractionException("The DOCX file has no document body.");
            var styleNames = StyleNames(document.MainDocumentPart!);
            var builder = new TextBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var text = ParagraphText(paragraph);
                var level = HeadingLevel(paragraph, styleNames);
                if (level > 0)
                {
                    builder.AppendHeading(level, text);
                }
                else
                {
                    builder.AppendBlock(text);
                }
            }

            var title = document.PackageProperties.Title;
            return builder.Build(string.IsNullOrWhiteSpace(title) ? builder.FirstHeading : title, fileName);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException)
        {
            throw new ExtractionException($"The DOCX file cannot be read: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> StyleNames(MainDocumentPart part) =>
        part.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null && s.StyleName?.Val?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!)
            .ToDictionary(g => g.Key, g => g.First().StyleName!.Val!.Value!, StringComparer.OrdinalIgnoreCase)
        ?? [];

    /// <summary>Styles are matched by name ("heading 2"), falling back to the id, since ids are localized in some templates.</summary>
    private static int HeadingLevel(Paragraph paragraph, Dictionary<string, string> styleNames)
    {
        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        if (styleId is null)
        {
            return 0;
        }

        var name = (styleNames.GetValueOrDefault(styleId) ?? styleId).Replace(" ", string.Empty).ToLowerInvariant();
        if (name == "title")
        {
            return 1;
        }

        return name.StartsWith("heading", StringComparison.Ordinal) && int.TryParse(name["heading".Length..], out var level) && level is >= 1 and <= 9
            ? level
            : 0;
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString();
    }
}
