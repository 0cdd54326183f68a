namespace App.Identity;

public static class Plans
{
    public const string Free = "free";
    public const string Pro = "pro";

    public static bool IsKnown(string plan) => plan is Free or Pro;
}
