namespace App.KnowledgeBase.Data;

/// <summary>Tags are compared trimmed and lower-cased; stored joined by line breaks on the document row.</summary>
public static class DocumentTags
{
    public static string Normalize(string tag) => tag.Trim().ToLowerInvariant();

    public static string Join(IEnumerable<string> tags) =>
        string.Join('\n', tags.Select(Normalize).Where(t => t.Length is > 0 and <= 100).Distinct().Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Split(string tags) => tags.Length == 0 ? [] : tags.Split('\n');
}
