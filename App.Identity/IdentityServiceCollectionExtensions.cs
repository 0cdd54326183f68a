using App.Data;
using App.Identity.Admin;
using App.Identity.Audit;
using App.Identity.Data;
using App.Identity.Jwt;
using App.Identity.Keys;
using App.Identity.Protection;
using App.Identity.RateLimiting;
using App.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace App.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="AddAppIdentity(IServiceCollection, IConfiguration)"/> for a service, with Aspire's client integration on
    /// the identity context when the database is PostgreSQL. Who migrates it: <c>AddMigration&lt;IdentityDbContext&gt;</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAppIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAppIdentity(builder.Configuration);
        builder.EnrichAppDbContext<IdentityDbContext>(ConnectionString(builder.Configuration));
        builder.AddIdentityCache();
        return builder;
    }

    /// <summary>
    /// With Redis (<see cref="AppRedis"/>, distributed mode): rate-limit counters in Redis (one round trip per batch, keys
    /// expire on their own) and API key revocations published to every process over pub/sub. Without it, the in-process
    /// equivalents: counters in the database, revocations seen by other processes within the key cache lifetime.
    /// </summary>
    private static void AddIdentityCache(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddAppRedis())
        {
            return;
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IRateLimitCounters, RedisRateLimitCounters>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ApiKeyRevocations, RedisApiKeyRevocations>());
        builder.Services.AddHostedService(sp => (RedisApiKeyRevocations)sp.GetRequiredService<ApiKeyRevocations>());
    }

    /// <summary>
    /// Everything identity needs: the database (<c>ConnectionStrings:appdb</c>), personal-data protection, API keys,
    /// bearer-token claims and tenant plans, rate limits, audit and the admin services. Internal identity is separate
    /// (<c>AddInternalIdentity</c> / <c>AddInternalIdentityIssuer</c>).
    /// </summary>
    public static IServiceCollection AddAppIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = ConnectionString(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddPersonalDataProtection(configuration);
        services.AddDbContext<IdentityDbContext>(o => o
            .UseAppDatabase(connectionString, IdentityDbContext.MigrationsHistoryTable)
            .ReplaceService<IModelCacheKeyFactory, ProtectorAwareModelCacheKeyFactory>());

        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section));
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).PostConfigure(o => o.AddDefaults());
        services.AddOptions<ExternalJwtOptions>().Bind(configuration.GetSection(ExternalJwtOptions.Section));

        services.TryAddSingleton<ApiKeyUsageTracker>();
        services.AddHostedService<ApiKeyUsageFlusher>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<ApiKeyRevocations>();
        services.TryAddScoped<IdentityBootstrapper>();
        services.TryAddSingleton<TenantPlans>();

        services.TryAddSingleton<PlanLimitSource>();
        services.TryAddSingleton<DatabaseRateLimitCounters>();
        services.TryAddSingleton<IRateLimitCounters>(sp => sp.GetRequiredService<DatabaseRateLimitCounters>());
        services.TryAddSingleton<SharedRateLimiter>();

        services.TryAddScoped<AuditLog>();
        services.TryAddScoped<ApiKeyAdminService>();
        services.TryAddScoped<TenantAdminService>();
        services.TryAddScoped<UserAdminService>();
        return services;
    }

    /// <summary>
    /// Data Protection with the key ring in <c>Identity:PersonalData:KeysDirectory</c> (default <c>&lt;App:DataDirectory&gt;/keys</c>),
    /// or, when <c>ConnectionStrings:blobs</c> is Azure Blob Storage (distributed mode), in the blob container under
    /// <c>dataprotection/keys/</c>, shared by every replica. Rotated keys stay in the ring, so data encrypted before a rotation keeps decrypting.
    /// </summary>
    public static IServiceCollection AddPersonalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var keysDirectory = options.KeysDirectory ?? Path.Combine(configuration["App:DataDirectory"] ?? ".data", "keys");

        services.AddDataProtection()
            .SetApplicationName(options.ApplicationName)
            .PersistKeysToBlobsOrFileSystem(configuration, keysDirectory, "keys");
        services.TryAddSingleton(_ => LookupHashKey.FromConfiguredOrFile(options.LookupHashKey, keysDirectory));
        services.TryAddSingleton<PersonalDataProtector>();
        return services;
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(AppDatabase.ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{AppDatabase.ConnectionStringName} is not set.");
}
