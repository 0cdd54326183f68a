namespace App.Api.Uploads;

/// <param name="DeclaredContentType">The part's Content-Type as the client sent it; never trusted on its own.</param>
public sealed record UploadedFile(string FileName, string? DeclaredContentType, ReadOnlyMemory<byte> Content);
