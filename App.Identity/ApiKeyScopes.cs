namespace App.Identity;

public static class ApiKeyScopes
{
    public const string Predictions = "predictions";
    public const string Documents = "documents";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Predictions, Documents, Admin], StringComparer.Ordinal);

    public static bool IsKnown(string scope) => All.Contains(scope);
}
