namespace App.Identity;

public static class ApiKeyScopes
{
    public const string Predictions = "predictions";
    public const string Documents = "documents";
    public const string Extractions = "extractions";
    public const string Admin = "admin";

    /// <summary>Every scope; the bootstrap admin key and admins' tokens without a scope claim get all of them.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Predictions, Documents, Extractions, Admin], StringComparer.Ordinal);

    public static bool IsKnown(string scope) => All.Contains(scope);
}
