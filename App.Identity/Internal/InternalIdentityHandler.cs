using System.Security.Claims;
using System.Text.Encodings.Web;
using App.Identity.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Identity.Internal;

/// <summary>
/// Authenticates the gateway-signed token in <see cref="InternalIdentityOptions.HeaderName"/>. A request without the
/// header is simply unauthenticated (anonymous endpoints serve it; the fallback policy challenges it); a bad token is
/// a failure, logged with its reason, never told to the client.
/// </summary>
public sealed class InternalIdentityHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, InternalTokenVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[InternalIdentityOptions.HeaderName].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var result = await verifier.VerifyAsync(token);
        if (result.Identity is not { } caller)
        {
            return AuthenticateResult.Fail(result.Failure ?? "invalid internal token");
        }

        var principal = new ClaimsPrincipal(new CallerClaimsIdentity(caller, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthorizationProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, AuthorizationProblems.UnauthorizedCode,
            "Unauthorized", "Requests must come through the gateway.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthorizationProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, AuthorizationProblems.ForbiddenCode,
            "Forbidden", AuthorizationProblems.DefaultForbiddenDetail);
}
