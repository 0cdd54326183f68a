using App.Api.Apis;
using App.Identity;
using App.Identity.Internal;

namespace Microsoft.Extensions.Hosting;

public static class ApiIdentityExtensions
{
    /// <summary>The audience the gateway signs this service's internal tokens for.</summary>
    public const string Audience = "api";

    /// <summary>
    /// Served without an internal token: the probes, this service's OpenAPI document (the gateway's docs UI reads it),
    /// the info endpoint the gateway lists as anonymous, and the worker's job-change hints (<c>/internal/jobs</c>, which
    /// the gateway does not route). Everything else needs the gateway's token (401 otherwise).
    /// </summary>
    public static readonly string[] AnonymousPaths = ["/health", "/alive", "/openapi", "/api/v1/info", JobChangesApi.PathPrefix];

    /// <summary>
    /// App.Identity's tables and services (keys, tenants, users, audit: <c>ConnectionStrings:appdb</c>) and the check of
    /// the gateway's internal token (<c>Identity:InternalSigningKey</c>, audience <c>api</c>).
    /// </summary>
    public static IHostApplicationBuilder AddApiIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddAppIdentity();
        builder.Services.AddInternalIdentity(builder.Configuration, Audience, AnonymousPaths);
        return builder;
    }
}
