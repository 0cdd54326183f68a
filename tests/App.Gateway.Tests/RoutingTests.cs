using System.Net;
using System.Text.Json;
using App.Gateway.Tests.Fixtures;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RoutingTests
{
    private readonly GatewayFixture _fixture;

    public RoutingTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Theory]
    [InlineData("/api/v1/rag/ask?stream=true", "rag")]
    [InlineData("/api/v1/collections", "rag")]
    [InlineData("/api/v1/collections/c1/documents", "rag")]
    [InlineData("/api/v1/jobs/42", "api")]
    [InlineData("/api/v1/ragged", "api")]
    [InlineData("/api/v1/info", "api")]
    public async Task Api_paths_reach_the_service_that_owns_them_with_path_and_query_intact(string path, string service)
    {
        var body = await _fixture.Client.GetStringAsync(path);

        Assert.Equal($"{service} GET {path}", body);
    }

    [Fact]
    public async Task Methods_and_bodies_pass_through()
    {
        using var response = await _fixture.Client.PutAsync("/api/v1/jobs/7", new StringContent("payload"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", _fixture.Api.LastRequest?.Method);
        Assert.Equal("7", _fixture.Api.LastRequest?.Headers["Content-Length"]);
    }

    [Fact]
    public async Task A_service_status_without_a_body_is_relayed_as_sent()
    {
        _fixture.Api.Handle(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        using var response = await _fixture.Client.GetAsync("/api/v1/jobs/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_path_outside_api_is_a_404_problem()
    {
        using var response = await _fixture.Client.GetAsync("/wp-admin/setup.php");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Null(_fixture.Api.LastRequest);
    }

    [Fact]
    public async Task The_docs_ui_lists_each_service_document_read_through_the_gateway()
    {
        // /api/docs redirects to /api/docs/, whose page loads the Scalar bundle from the gateway itself.
        using var page = await _fixture.Client.GetAsync("/api/docs");
        var index = await page.Content.ReadAsStringAsync();
        using var bundle = await _fixture.Client.GetAsync("/api/docs/scalar.js");
        _fixture.Rag.Handle(context => context.Response.WriteAsJsonAsync(new
        {
            openapi = "3.1.1",
            servers = new[] { new { url = context.Request.Scheme + "://" + context.Request.Host } },
        }));

        using var document = JsonDocument.Parse(await _fixture.Client.GetStringAsync("/api/docs/rag/openapi.json"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/api/docs/", page.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"scalar.js\"", index);
        Assert.Contains("\"url\":\"api/docs/api/openapi.json\"", index);
        Assert.Contains("\"url\":\"api/docs/rag/openapi.json\"", index);
        Assert.DoesNotContain("https://", index);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 1_000_000, "the UI bundle is served, not fetched from a CDN");
        Assert.Equal("/openapi/v1.json", _fixture.Rag.LastRequest?.PathAndQuery);
        Assert.Equal("3.1.1", document.RootElement.GetProperty("openapi").GetString());
        // "Try it out" must go through the gateway, not to the service's private address.
        Assert.Equal("/", document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_service_document_is_a_502_while_the_service_has_no_address()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = _fixture.Api.Url,
        });

        using var response = await gateway.Client.GetAsync("/api/docs/rag/openapi.json");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "bad_gateway");
    }

    [Fact]
    public async Task Other_docs_paths_never_reach_a_service()
    {
        using var response = await _fixture.Client.GetAsync("/api/docs/api/v1/jobs");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Null(_fixture.Api.LastRequest);
    }
}
