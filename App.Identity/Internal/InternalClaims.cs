namespace App.Identity.Internal;

internal static class InternalClaims
{
    public const string Tenant = "tid";
    public const string Roles = "roles";
    public const string Scope = "scope";
    public const string Method = "amr";
    public const string Plan = "plan";
}
