namespace App.Rag.Answers;

/// <summary>An answer text with its citations, or no result.</summary>
public sealed record ComposedAnswer(string Text, IReadOnlyList<Citation> Citations, bool NoResult);
