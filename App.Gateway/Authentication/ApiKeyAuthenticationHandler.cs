using System.Security.Claims;
using System.Text.Encodings.Web;
using App.Identity;
using App.Identity.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace App.Gateway.Authentication;

/// <summary>
/// An API key (<c>X-Api-Key</c> or <c>Authorization: Bearer sk_...</c>) checked by App.Identity's
/// <see cref="ApiKeyAuthenticator"/>; the caller rides on the principal as a <see cref="CallerClaimsIdentity"/>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CallerSchemes.ApiKeyOf(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        var result = await keys.AuthenticateAsync(key, Context.RequestAborted);
        return result.Identity is { } caller
            ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new CallerClaimsIdentity(caller, Scheme.Name)), Scheme.Name))
            : AuthenticateResult.Fail(result.Failure ?? "refused");
    }
}
