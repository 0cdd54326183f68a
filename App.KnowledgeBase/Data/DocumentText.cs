namespace App.KnowledgeBase.Data;

/// <summary>The extracted text with its page map and headings (JSON): the reference every offset and quote points into.</summary>
public sealed class DocumentText
{
    public Guid DocumentId { get; set; }
    public Guid TenantId { get; set; }
    public required string Text { get; set; }
    public required string PagesJson { get; set; }
    public required string HeadingsJson { get; set; }
}
