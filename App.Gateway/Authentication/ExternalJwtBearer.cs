using System.Security.Claims;
using App.Identity;
using App.Identity.Jwt;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace App.Gateway.Authentication;

/// <summary>
/// JwtBearer for access tokens of an external OpenID Connect issuer, configured from <c>Identity:Jwt</c>: keys from
/// discovery (<c>Authority</c> or <c>MetadataAddress</c>, refreshed when a token names an unknown <c>kid</c>) and/or
/// configured keys; signature required (never <c>alg: none</c>), issuer, audience and lifetime checked. A valid token
/// becomes a caller only if it names one of our tenants.
/// </summary>
internal static class ExternalJwtBearer
{
    public static void Configure(JwtBearerOptions bearer, ExternalJwtOptions jwt)
    {
        bearer.MapInboundClaims = false;
        bearer.Authority = string.IsNullOrEmpty(jwt.Authority) ? null : jwt.Authority;
        bearer.MetadataAddress = jwt.MetadataAddress ?? "";
        bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        List<SecurityKey> keys = [.. jwt.SigningKeys.Select(json => (SecurityKey)new JsonWebKey(json))];
        if (!string.IsNullOrEmpty(jwt.SymmetricKey))
        {
            keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(jwt.SymmetricKey)));
        }

        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            // With discovery and no configured issuer, JwtBearer takes the discovery document's.
            ValidIssuer = jwt.Issuer,
            ValidateIssuer = true,
            // Unset means no token is accepted (audience validation fails): bearer tokens are off until Identity:Jwt names one.
            ValidAudience = string.IsNullOrEmpty(jwt.Audience) ? null : jwt.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
        };
        bearer.Events = new JwtBearerEvents { OnTokenValidated = context => ToCallerAsync(context, jwt) };
    }

    private static async Task ToCallerAsync(TokenValidatedContext context, ExternalJwtOptions jwt)
    {
        var result = ExternalTokenClaims.ToCaller(context.Principal!, jwt);
        if (result.Identity is not { } caller)
        {
            context.Fail(result.Failure ?? "refused");
            return;
        }

        var plans = context.HttpContext.RequestServices.GetRequiredService<TenantPlans>();
        if (await plans.FindAsync(caller.TenantId, context.HttpContext.RequestAborted) is not { } plan)
        {
            context.Fail("token names an unknown tenant");
            return;
        }

        context.Principal = new ClaimsPrincipal(new CallerClaimsIdentity(caller with { Plan = plan }, context.Scheme.Name));
    }
}
