namespace App.Rag.Answers;

/// <summary>Bound from "Rag:Answers".</summary>
public sealed class AnswerOptions
{
    public const string SectionName = "Rag:Answers";

    /// <summary>How many retrieved chunks go into the prompt (or are mined for sentences).</summary>
    public int Sources { get; set; } = 5;

    /// <summary>Extractive answers: at most this many sentences.</summary>
    public int MaxSentences { get; set; } = 3;

    /// <summary>
    /// Extractive answers: the share of the question's term weight (idf) a sentence must contain to count as support.
    /// Below it for every sentence, the answer is "no result" rather than a loosely related quote.
    /// </summary>
    public double MinimumCoverage { get; set; } = 0.5;

    /// <summary>
    /// Extractive answers with an embedding model: a sentence whose cosine similarity to the question reaches this also
    /// counts as support, though it shares few words with it (a reworded question).
    /// </summary>
    public double MinimumSimilarity { get; set; } = 0.6;

    /// <summary>Extractive answers rank sentences by LexicalWeight x term coverage + DenseWeight x cosine similarity.</summary>
    public double LexicalWeight { get; set; } = 0.5;

    public double DenseWeight { get; set; } = 0.5;

    public string NoResultText { get; set; } = "The documents in this collection do not answer that question.";
}
