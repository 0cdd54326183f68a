namespace App.Identity;

public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsKnown(string role) => role is Admin or Member;
}
