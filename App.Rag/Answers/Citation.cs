namespace App.Rag.Answers;

/// <summary>
/// What an [n] in the answer points to: <see cref="Quote"/> is exactly the extracted text of the document between
/// <see cref="Start"/> and <see cref="End"/>, and <see cref="Page"/> the page where that span starts.
/// </summary>
public sealed record Citation(int Number, Guid DocumentId, string Title, int Page, int Start, int End, string Quote);
