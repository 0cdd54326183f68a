using System.ComponentModel.DataAnnotations;

namespace App.Rag.Search;

/// <summary>
/// Weighted reciprocal rank fusion of the lexical and dense lists, bound from "Rag:Search:Fusion":
/// score = LexicalWeight / (K + lexical rank) + DenseWeight / (K + dense rank). The defaults had the best hybrid MRR
/// on the labeled set (tests/App.Rag.Tests/Evaluation prints the grid: k 10/30/60, dense weight 0.5 to 2).
/// </summary>
public sealed class FusionOptions
{
    public const string SectionName = "Rag:Search:Fusion";

    /// <summary>Dampens the lead of the first ranks; 60 is Cormack et al.'s value.</summary>
    [Range(1, 1000)]
    public int K { get; set; } = 60;

    [Range(0.0, 10.0)]
    public double LexicalWeight { get; set; } = 1.0;

    [Range(0.0, 10.0)]
    public double DenseWeight { get; set; } = 1.0;
}
