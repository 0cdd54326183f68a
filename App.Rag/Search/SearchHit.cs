namespace App.Rag.Search;

/// <summary>
/// One retrieved chunk. <see cref="Start"/> and <see cref="End"/> are offsets into the document's extracted text,
/// and <see cref="Text"/> is exactly that span.
/// </summary>
public sealed record SearchHit(
    Guid ChunkId,
    Guid DocumentId,
    string Title,
    int Page,
    int Start,
    int End,
    string HeadingPath,
    string Text,
    double Score,
    int? LexicalRank,
    int? DenseRank);
