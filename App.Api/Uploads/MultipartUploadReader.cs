using System.Text;
using App.Api.Predictions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace App.Api.Uploads;

/// <summary>
/// Streams a multipart body part by part, holding each file and each text field to its limit: an oversized part is
/// refused as soon as it passes the limit, without buffering the rest of it or spooling anything to disk.
/// </summary>
public sealed class MultipartUploadReader
{
    public async Task<UploadForm> ReadAsync(HttpRequest request, UploadLimits limits, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, PredictionErrorCodes.NotMultipart,
                "Not a multipart upload", "Send the file as multipart/form-data with a part named 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var files = new List<UploadedFile>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition() && name == "file")
            {
                if (files.Count == limits.MaxFiles)
                {
                    throw new UploadRejectedException(StatusCodes.Status400BadRequest, PredictionErrorCodes.TooManyFiles,
                        "Too many files", $"At most {limits.MaxFiles} file(s) per request.");
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var content = await ReadLimitedAsync(section.Body, limits.MaxFileBytes, fileName, cancellationToken);
                files.Add(new UploadedFile(fileName, section.ContentType, content));
            }
            else if (limits.Fields.TryGetValue(name, out var maxBytes))
            {
                fields[name] = Encoding.UTF8.GetString((await ReadLimitedAsync(section.Body, maxBytes, name, cancellationToken)).Span).Trim();
            }
        }

        if (files.Count == 0)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, PredictionErrorCodes.FileMissing,
                "No file", "The request has no part named 'file'.");
        }

        return new UploadForm(files, fields);
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
                    "Part too large", $"'{what}' is larger than the limit of {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <param name="Fields">The text fields read, each with its size limit in bytes; other fields are ignored.</param>
public sealed record UploadLimits(int MaxFiles, long MaxFileBytes, IReadOnlyDictionary<string, int> Fields);
