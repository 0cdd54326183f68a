namespace Microsoft.Extensions.Hosting;

public static class CorsExtensions
{
    public const string AllowedOriginsKey = "Cors:AllowedOrigins";

    /// <summary>
    /// The default CORS policy: only the origins listed under Cors:AllowedOrigins, none when the list is empty.
    /// The gateway answers preflights itself; services behind it need no CORS of their own.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayCors(this IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(AllowedOriginsKey).Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders("X-Request-Id", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
