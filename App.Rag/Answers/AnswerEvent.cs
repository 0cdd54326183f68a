namespace App.Rag.Answers;

/// <summary>What a streamed answer sends, in this order: the sources once, text deltas, then the whole answer.</summary>
public abstract record AnswerEvent(string Name);

public sealed record SourcesEvent(IReadOnlyList<AnswerSource> Sources) : AnswerEvent("sources");

public sealed record DeltaEvent(string Text) : AnswerEvent("delta");

public sealed record DoneEvent(AnswerRecord Answer) : AnswerEvent("done");
