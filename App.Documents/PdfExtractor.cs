using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace App.Documents;

/// <summary>
/// PDF text through poppler's <c>pdftotext -layout</c> (no PDF library in the feed); pages are separated by form feeds
/// in its output, which is how the page map is kept.
/// </summary>
public sealed class PdfExtractor(IOptions<ExtractionOptions> options) : IDocumentExtractor
{
    public SourceFormat Format => SourceFormat.Pdf;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rag-{Guid.NewGuid():N}.pdf");
        try
        {
            await using (var file = File.Create(path))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            var output = await RunPdfToTextAsync(path, cancellationToken);
            var pages = output.Split('\f');
            var builder = new TextBuilder();
            // pdftotext ends every page with a form feed, so the last piece is empty.
            var count = pages.Length > 1 && pages[^1].Length == 0 ? pages.Length - 1 : pages.Length;
            for (var i = 0; i < count; i++)
            {
                builder.StartPage(i + 1);
                builder.AppendBlock(pages[i]);
            }

            var document = builder.Build(title: null, fileName);
            if (document.Text.Length == 0)
            {
                throw new ExtractionException("The PDF has no text layer (a scanned PDF needs OCR, which this service does not do).");
            }

            return document;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<string> RunPdfToTextAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.PdfToTextPath, ["-layout", "-enc", "UTF-8", path, "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ExtractionException("pdftotext did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new ExtractionException(
                $"PDF extraction needs '{options.Value.PdfToTextPath}' from the Debian package poppler-utils (apt-get install poppler-utils).", ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.PdfTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new ExtractionException($"pdftotext did not finish within {options.Value.PdfTimeout}.");
            }

            if (process.ExitCode != 0)
            {
                var reason = (await stderr).Trim();
                throw new ExtractionException(
                    $"The PDF cannot be read (pdftotext exit code {process.ExitCode}{(reason.Length > 0 ? $": {reason}" : string.Empty)}).");
            }

            return await stdout;
        }
    }
}
