namespace App.Rag.Answers;

/// <summary>A retrieved chunk as numbered in the prompt and in the sources event.</summary>
public sealed record AnswerSource(int Number, Guid ChunkId, Guid DocumentId, string Title, int Page, int Start, int End, string HeadingPath, string Text);
