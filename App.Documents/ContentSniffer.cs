using System.IO.Compression;
using System.Text;

namespace App.Documents;

/// <summary>
/// Decides the format from the bytes, and whether they agree with what the client declared (content type, file
/// extension). A declared format the content contradicts is refused rather than guessed around.
/// </summary>
public static class ContentSniffer
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static SniffResult Sniff(ReadOnlySpan<byte> content, string? contentType, string fileName)
    {
        var declared = Declared(contentType, fileName);
        var detected = Detect(content);
        return (declared, detected) switch
        {
            (SourceFormat.Unknown, SourceFormat.Unknown) => SniffResult.Refused("The file is neither PDF, DOCX, HTML, Markdown nor UTF-8 text."),
            (SourceFormat.Unknown, SourceFormat.Text) when IsMarkdownName(fileName) => SniffResult.Accepted(SourceFormat.Markdown),
            (SourceFormat.Unknown, _) => SniffResult.Accepted(detected),
            (SourceFormat.Pdf or SourceFormat.Docx, _) when detected != declared =>
                SniffResult.Refused($"The file was declared as {declared} but its content is {Describe(detected)}."),
            (SourceFormat.Html or SourceFormat.Markdown or SourceFormat.Text, SourceFormat.Html or SourceFormat.Text) =>
                SniffResult.Accepted(declared),
            (SourceFormat.Html or SourceFormat.Markdown or SourceFormat.Text, _) =>
                SniffResult.Refused($"The file was declared as {declared} but its content is {Describe(detected)}."),
            _ => SniffResult.Accepted(declared),
        };
    }

    public static SourceFormat Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfMagic))
        {
            return SourceFormat.Pdf;
        }

        if (content.StartsWith(ZipMagic))
        {
            return IsDocx(content) ? SourceFormat.Docx : SourceFormat.Unknown;
        }

        if (!IsUtf8Text(content))
        {
            return SourceFormat.Unknown;
        }

        return LooksLikeHtml(content) ? SourceFormat.Html : SourceFormat.Text;
    }

    private static SourceFormat Declared(string? contentType, string fileName)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/pdf" => SourceFormat.Pdf,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => SourceFormat.Docx,
            "text/html" or "application/xhtml+xml" => SourceFormat.Html,
            "text/markdown" or "text/x-markdown" => SourceFormat.Markdown,
            "text/plain" when IsMarkdownName(fileName) => SourceFormat.Markdown,
            "text/plain" => SourceFormat.Text,
            _ => Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".pdf" => SourceFormat.Pdf,
                ".docx" => SourceFormat.Docx,
                ".html" or ".htm" => SourceFormat.Html,
                ".md" or ".markdown" => SourceFormat.Markdown,
                ".txt" => SourceFormat.Text,
                _ => SourceFormat.Unknown,
            },
        };
    }

    private static bool IsMarkdownName(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".md" or ".markdown";

    private static bool IsDocx(ReadOnlySpan<byte> content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray()), ZipArchiveMode.Read);
            return archive.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Valid UTF-8 without NUL bytes; a code point cut at the end of the sniffed prefix is tolerated.</summary>
    private static bool IsUtf8Text(ReadOnlySpan<byte> content)
    {
        if (content.Contains((byte)0))
        {
            return false;
        }

        for (var cut = 0; cut < 4 && cut <= content.Length; cut++)
        {
            try
            {
                StrictUtf8.GetCharCount(content[..^cut]);
                return true;
            }
            catch (DecoderFallbackException)
            {
                // Try again without a possibly truncated trailing sequence.
            }
        }

        return false;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> content)
    {
        var head = Encoding.UTF8.GetString(content[..Math.Min(content.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
               || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
               || (head.StartsWith('<') && head.Contains("<body", StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(SourceFormat format) => format switch
    {
        SourceFormat.Unknown => "not a supported format",
        SourceFormat.Text => "plain text",
        _ => format.ToString(),
    };
}

public sealed record SniffResult(SourceFormat Format, string? Refusal)
{
    public static SniffResult Accepted(SourceFormat format) => new(format, null);

    public static SniffResult Refused(string reason) => new(SourceFormat.Unknown, reason);
}
