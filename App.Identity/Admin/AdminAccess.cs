namespace App.Identity.Admin;

/// <summary>Platform admins manage every tenant; a tenant's admins manage only their own.</summary>
internal static class AdminAccess
{
    public static void DemandTenantAdmin(CallerIdentity caller, Guid tenantId)
    {
        if (!caller.IsPlatformAdmin && !(caller.TenantId == tenantId && caller.HasScope(ApiKeyScopes.Admin)))
        {
            throw new UnauthorizedAccessException($"Caller may not administer tenant {tenantId}.");
        }
    }

    public static void DemandPlatformAdmin(CallerIdentity caller)
    {
        if (!caller.IsPlatformAdmin)
        {
            throw new UnauthorizedAccessException("Only platform administrators manage tenants.");
        }
    }
}
