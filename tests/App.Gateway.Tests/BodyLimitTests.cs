using System.Net;
using App.Gateway.Tests.Fixtures;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class BodyLimitTests
{
    private readonly GatewayFixture _fixture;

    public BodyLimitTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Fact]
    public async Task A_declared_length_over_the_route_limit_is_refused_before_the_service_sees_it()
    {
        var content = new StreamContent(new GeneratedStream(GatewayFixture.RagBodyLimit + 1));
        content.Headers.ContentLength = GatewayFixture.RagBodyLimit + 1;

        using var response = await _fixture.Client.PostAsync("/api/v1/collections/c1/documents", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Null(_fixture.Rag.LastRequest);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_route_limit_is_stopped_while_streaming()
    {
        _fixture.Rag.Handle(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            await context.Response.WriteAsync("accepted");
        });
        var content = new StreamContent(new GeneratedStream(2 * GatewayFixture.RagBodyLimit));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/collections/c1/documents") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _fixture.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_body_within_the_limit_passes()
    {
        var content = new StreamContent(new GeneratedStream(GatewayFixture.RagBodyLimit));
        content.Headers.ContentLength = GatewayFixture.RagBodyLimit;

        using var response = await _fixture.Client.PostAsync("/api/v1/collections/c1/documents", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
