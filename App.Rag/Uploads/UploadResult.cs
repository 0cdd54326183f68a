using App.KnowledgeBase.Data;

namespace App.Rag.Uploads;

/// <summary>What an upload came to: a new document, the existing one with the same content, or a refusal.</summary>
public abstract record UploadResult
{
    public sealed record Accepted(Document Document) : UploadResult;

    public sealed record Duplicate(Document Document) : UploadResult;

    public sealed record CollectionNotFound : UploadResult;

    public sealed record Refused(int Status, string Code, string Title, string Detail) : UploadResult;
}
