using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace App.Api.Predictions;

/// <summary>
/// Streams a multipart body part by part, holding each file to the configured limit: an oversized file is refused as
/// soon as it passes the limit, without buffering the rest of it or spooling anything to disk.
/// </summary>
public sealed class MultipartUploadReader(IOptions<PredictionsOptions> options)
{
    private const int MaxFieldBytes = 4096;
    private readonly PredictionsOptions _options = options.Value;

    public async Task<UploadForm> ReadAsync(HttpRequest request, int maxFiles, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, PredictionErrorCodes.NotMultipart,
                "Not a multipart upload", "Send the audio as multipart/form-data with a part named 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var files = new List<UploadedFile>();
        string? model = null;
        string? webhookUrl = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (disposition.IsFileDisposition() && name == "file")
            {
                if (files.Count == maxFiles)
                {
                    throw new UploadRejectedException(StatusCodes.Status400BadRequest, PredictionErrorCodes.TooManyFiles,
                        "Too many files", $"At most {maxFiles} file(s) per request.");
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var content = await ReadLimitedAsync(section.Body, _options.MaxUploadBytes, fileName, cancellationToken);
                files.Add(new UploadedFile(fileName, section.ContentType, content));
            }
            else if (name is "model" or "webhookUrl")
            {
                var value = Encoding.UTF8.GetString((await ReadLimitedAsync(section.Body, MaxFieldBytes, name, cancellationToken)).Span).Trim();
                if (name == "model")
                {
                    model = value;
                }
                else
                {
                    webhookUrl = value;
                }
            }
        }

        if (files.Count == 0)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, PredictionErrorCodes.FileMissing,
                "No file", "The request has no part named 'file'.");
        }

        return new UploadForm(files, string.IsNullOrEmpty(model) ? null : model, string.IsNullOrEmpty(webhookUrl) ? null : webhookUrl);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(Stream body, long limit, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new UploadRejectedException(StatusCodes.Status413PayloadTooLarge, App.ServiceDefaults.Problems.ErrorCodes.PayloadTooLarge,
                    "File too large", $"'{what}' is larger than the limit of {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
