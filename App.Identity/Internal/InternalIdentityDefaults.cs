namespace App.Identity.Internal;

public static class InternalIdentityDefaults
{
    /// <summary>The services' authentication scheme: the caller the gateway vouched for in <see cref="InternalIdentityOptions.HeaderName"/>.</summary>
    public const string AuthenticationScheme = "Internal";
}
