namespace App.Rag.Indexing;

/// <summary>A short English list (the classic Lucene/Snowball core plus question words): enough to keep queries from matching on glue.</summary>
public static class StopWords
{
    private static readonly HashSet<string> Words =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
        "what", "which", "who", "whom", "when", "where", "why", "how", "do", "does", "did", "can", "could", "should",
        "would", "i", "me", "my", "we", "our", "you", "your", "he", "she", "his", "her", "its", "them", "from", "has",
        "have", "had", "been", "being", "were", "am", "so", "than", "too", "very", "about", "any", "all", "each", "s", "t",
    ];

    public static bool Contains(string term) => Words.Contains(term);
}
