using App.Identity.Authorization;

namespace App.Api.Apis;

/// <summary>
/// Administration under <c>/api/v1/admin</c>: API keys, tenants, users, audit verification. Every endpoint needs the
/// admin role and the admin scope (403 otherwise) and acts on the caller's own tenant; a platform admin (an admin of
/// the default tenant) may name another tenant with <c>tenantId</c> and manage tenants.
/// </summary>
public static class AdminApi
{
    public const string Prefix = "/api/v1/admin";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix)
            .WithTags("Administration")
            .RequireAuthorization(AppPolicies.Admin)
            .AddEndpointFilter<AdminErrorsFilter>();
        admin.MapGroup("/api-keys").MapAdminApiKeys();
        admin.MapGroup("/tenants").MapAdminApiTenants();
        admin.MapGroup("/users").MapAdminApiUsers();
        admin.MapGroup("/audit").MapAdminApiAudit();
        return app;
    }
}
