namespace App.KnowledgeBase.Chunking;

/// <summary>A contiguous span [Start, End) of the extracted text; <see cref="Text"/> is exactly that span.</summary>
public sealed record TextChunk(int Ordinal, int Start, int End, int Page, string HeadingPath, string Text);
