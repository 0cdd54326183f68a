using App.Identity;
using App.Identity.Admin;
using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Apis;

/// <summary>A tenant's users; the e-mail is stored encrypted (and found through a keyed hash), never in clear text.</summary>
public static class AdminApiUsers
{
    public static RouteGroupBuilder MapAdminApiUsers(this RouteGroupBuilder users)
    {
        users.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Add a user (member or admin) to the tenant.");
        users.MapGet("/", ListAsync)
            .WithName("ListUsers")
            .WithSummary("The tenant's users.");
        return users;
    }

    private static async Task<Created<UserSummary>> CreateAsync(
        CreateUserRequest request, HttpContext context, UserAdminService users, CancellationToken cancellationToken)
    {
        var caller = context.GetCallerIdentity()!;
        var user = await users.CreateAsync(caller, request.TenantId ?? caller.TenantId,
            new NewUser(request.Email ?? "", request.Role ?? Roles.Member, request.ExternalSubject), cancellationToken);
        return TypedResults.Created($"{AdminApi.Prefix}/users/{user.Id}", user);
    }

    private static async Task<Ok<IReadOnlyList<UserSummary>>> ListAsync(
        HttpContext context, UserAdminService users, [FromQuery] Guid? tenantId, CancellationToken cancellationToken)
    {
        var caller = context.GetCallerIdentity()!;
        return TypedResults.Ok(await users.ListAsync(caller, tenantId ?? caller.TenantId, cancellationToken));
    }
}
