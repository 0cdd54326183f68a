using System.Net;
using System.Security.Claims;
using System.Text.Json;
using App.Identity.Authorization;
using App.Identity.Internal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity.Tests;

/// <summary>
/// A service set up as App.Api and App.Rag are: the internal-token scheme, the app policies on route groups, a fallback
/// policy for everything else, and anonymous endpoints declared with AllowAnonymous.
/// </summary>
public sealed class InternalAuthenticationTests : IAsyncLifetime
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters!";
    private readonly InternalTokenIssuer issuer = new(Options.Create(new InternalIdentityOptions { SigningKey = Secret }), TimeProvider.System);
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [InternalIdentityOptions.SigningKeyKey] = Secret });
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(InternalIdentityDefaults.AuthenticationScheme).AddInternalIdentity(builder.Configuration, "api");
        builder.Services.AddAuthorizationBuilder().AddAppPolicies().SetFallbackPolicy(AppPolicies.AuthenticatedCaller);
        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", () => "ok").AllowAnonymous();
        app.MapGet("/anonymous", (HttpContext context) => context.GetCallerIdentity() is null ? "nobody" : "somebody").AllowAnonymous();
        app.MapGet("/whoami", (HttpContext context) => $"{context.GetCallerIdentity()!.TenantId}/{context.User.Identity!.Name}");
        app.MapGroup("/predictions").RequireAuthorization(AppPolicies.Predictions).MapGet("/", () => "predictions");
        app.MapGroup("/documents").RequireAuthorization(AppPolicies.Documents).MapGet("/", () => "documents");
        app.MapGroup("/extractions").RequireAuthorization(AppPolicies.Extractions).MapGet("/", () => "extractions");
        app.MapGroup("/admin").RequireAuthorization(AppPolicies.Admin).MapGet("/", () => "admin");
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    private static CallerIdentity Caller(string[] roles, params string[] scopes) =>
        new(Guid.NewGuid(), "key-7", new HashSet<string>(roles), new HashSet<string>(scopes), AuthMethod.ApiKey, Plans.Pro);

    private Task<HttpResponseMessage> GetAsync(string path, CallerIdentity? caller = null, string audience = "api")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (caller is not null)
        {
            request.Headers.Add(InternalIdentityOptions.HeaderName, issuer.Issue(caller, audience));
        }

        return client.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    [Fact]
    public async Task A_valid_token_makes_the_caller_the_request_user()
    {
        var caller = Caller([Roles.Member], ApiKeyScopes.Predictions);

        using var response = await GetAsync("/whoami", caller);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{caller.TenantId}/key-7", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_token_the_fallback_policy_answers_401_problem_details()
    {
        using var response = await GetAsync("/whoami");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Requests must come through the gateway.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/whoami")]
    [InlineData("/predictions")]
    public async Task A_token_for_another_service_is_401_not_403(string path)
    {
        using var response = await GetAsync(path, Caller([Roles.Admin], ApiKeyScopes.Admin), audience: "rag");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add(InternalIdentityOptions.HeaderName, "not.a.token");

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Anonymous_endpoints_serve_without_a_token_and_with_a_bad_one()
    {
        using var health = await GetAsync("/health");
        using var anonymous = await GetAsync("/anonymous");
        using var badToken = await GetAsync("/anonymous", Caller([Roles.Member], ApiKeyScopes.Predictions), audience: "rag");
        using var goodToken = await GetAsync("/anonymous", Caller([Roles.Member], ApiKeyScopes.Predictions));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("nobody", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal("nobody", await badToken.Content.ReadAsStringAsync());
        Assert.Equal("somebody", await goodToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_scope_is_403_forbidden_naming_the_scope()
    {
        var member = Caller([Roles.Member], ApiKeyScopes.Predictions);

        using var allowed = await GetAsync("/predictions", member);
        using var documents = await GetAsync("/documents", member);
        using var extractions = await GetAsync("/extractions", member);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var problem = await AssertProblemAsync(documents, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("This endpoint needs the 'documents' scope.", problem.GetProperty("detail").GetString());
        problem = await AssertProblemAsync(extractions, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("'extractions'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/predictions")]
    [InlineData("/documents")]
    [InlineData("/extractions")]
    public async Task The_admin_scope_opens_every_product(string path)
    {
        using var response = await GetAsync(path, Caller([Roles.Admin], ApiKeyScopes.Admin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Admin, ApiKeyScopes.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, ApiKeyScopes.Predictions, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Member, ApiKeyScopes.Admin, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Member, ApiKeyScopes.Predictions, HttpStatusCode.Forbidden)]
    public async Task Administration_needs_the_admin_role_and_the_admin_scope(string role, string scope, HttpStatusCode expected)
    {
        using var response = await GetAsync("/admin", Caller([role], scope));

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        var problem = await AssertProblemAsync(response, expected, "forbidden");
        Assert.Equal("Administration needs the 'admin' role and the 'admin' scope.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_policies_read_claims_of_any_scheme_including_space_separated_scopes()
    {
        // What a JwtBearer scheme at the gateway produces: a plain ClaimsIdentity with an OAuth-style scope claim.
        var bearer = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("scope", "documents extractions"), new Claim(ClaimTypes.Role, Roles.Admin)], "Bearer"));
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();

        Assert.True((await authorization.AuthorizeAsync(bearer, AppPolicies.Documents)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(bearer, AppPolicies.Extractions)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(bearer, AppPolicies.Predictions)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(bearer, AppPolicies.Admin)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), AppPolicies.Documents)).Succeeded);
    }
}
