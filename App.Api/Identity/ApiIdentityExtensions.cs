using App.Identity;

namespace Microsoft.Extensions.Hosting;

public static class ApiIdentityExtensions
{
    /// <summary>The audience the gateway signs this service's internal tokens for.</summary>
    public const string Audience = "api";

    /// <summary>
    /// App.Identity's tables and services (keys, tenants, users, audit: <c>ConnectionStrings:appdb</c>), which the admin
    /// endpoints use; who the caller is comes from the internal token's authentication scheme (Program.cs).
    /// </summary>
    public static IHostApplicationBuilder AddApiIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddAppIdentity();
        return builder;
    }
}
