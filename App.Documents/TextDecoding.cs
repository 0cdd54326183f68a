using System.Text;

namespace App.Documents;

internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads UTF-8 (a BOM is dropped); invalid bytes fail the extraction instead of turning into U+FFFD.</summary>
    public static async Task<string> ReadUtf8Async(Stream content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ExtractionException("The file is not valid UTF-8 text.", ex);
        }
    }
}
