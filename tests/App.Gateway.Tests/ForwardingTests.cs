using System.Net;
using System.Net.Http.Headers;
using App.Gateway.Tests.Fixtures;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ForwardingTests
{
    private readonly GatewayFixture _fixture;

    public ForwardingTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Fact]
    public async Task Forwarded_headers_are_set_by_the_gateway_and_client_values_are_overwritten()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/evil");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.66");

        using var response = await _fixture.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var seen = _fixture.Api.LastRequest!.Headers;
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal(_fixture.Gateway.Address.Authority, seen["X-Forwarded-Host"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.False(seen.ContainsKey("X-Forwarded-Prefix"));
        Assert.False(seen.ContainsKey("Forwarded"));
        Assert.NotEqual(_fixture.Gateway.Address.Authority, seen["Host"]);
    }

    [Fact]
    public async Task Hop_by_hop_request_headers_do_not_reach_the_service()
    {
        // YARP drops the standard hop-by-hop headers; the gateway also drops those a client names in Connection.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.Connection.Add("X-Custom");
        request.Headers.Connection.Add("x-other");
        request.Headers.TryAddWithoutValidation("X-Other", "connection-only too");
        request.Headers.TryAddWithoutValidation("X-Custom", "connection-only");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Proxy-Foo", "bar");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");

        using var response = await _fixture.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var seen = _fixture.Api.LastRequest!.Headers;
        Assert.Equal("kept", seen["X-End-To-End"]);
        var crossed = new[] { "Keep-Alive", "Upgrade", "TE", "X-Custom", "X-Other" }.Where(seen.ContainsKey).ToList();
        Assert.True(crossed.Count == 0, $"crossed the gateway: {string.Join(", ", crossed)}");

        Assert.DoesNotContain("x-custom", seen.GetValueOrDefault("Connection") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hop_by_hop_response_headers_do_not_reach_the_client()
    {
        _fixture.Api.Handle(context =>
        {
            context.Response.Headers.Connection = "X-Custom-Response";
            context.Response.Headers["X-Custom-Response"] = "connection-only";
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["Proxy-Foo"] = "bar";
            context.Response.Headers["Alt-Svc"] = "h3=\":443\"";
            context.Response.Headers["X-End-To-End"] = "kept";
            return context.Response.WriteAsync("ok");
        });

        using var response = await _fixture.Client.GetAsync("/api/v1/jobs");

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("kept", response.Headers.GetValues("X-End-To-End").Single());
        var crossed = new[] { "Keep-Alive", "Alt-Svc", "X-Custom-Response" }.Where(response.Headers.Contains).ToList();
        Assert.True(crossed.Count == 0, $"crossed the gateway: {string.Join(", ", crossed)}");

        Assert.DoesNotContain("X-Custom-Response", response.Headers.Connection, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Content_headers_travel_with_the_body_both_ways()
    {
        _fixture.Api.Handle(async context =>
        {
            context.Response.ContentType = "application/x-echo";
            context.Response.Headers.ContentLanguage = "de";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        var content = new ByteArrayContent("hello"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLanguage.Add("fr");

        using var response = await _fixture.Client.PostAsync("/api/v1/uploads", content);

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/x-echo", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("de", response.Content.Headers.ContentLanguage.Single());
        var seen = _fixture.Api.LastRequest!.Headers;
        Assert.Equal("application/octet-stream", seen["Content-Type"]);
        Assert.Equal("fr", seen["Content-Language"]);
    }

    [Fact]
    public async Task The_trace_continues_through_the_gateway_and_the_request_id_is_shared()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "req-123");

        using var response = await _fixture.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var seen = _fixture.Api.LastRequest!.Headers;
        var parts = seen["traceparent"].Split('-');
        Assert.Equal(traceId, parts[1]);
        Assert.NotEqual("00f067aa0ba902b7", parts[2]);
        Assert.Equal("req-123", seen["X-Request-Id"]);
    }

    [Fact]
    public async Task A_service_failing_after_the_response_started_aborts_the_client_connection()
    {
        var clientHasFirstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Api.Handle(async context =>
        {
            // Chunked, so only an abort (not a short Content-Length) can tell the client the body is incomplete.
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            await clientHasFirstChunk.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        using var response = await _fixture.Client.GetAsync("/api/v1/jobs", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var first = new byte[7];
        await body.ReadExactlyAsync(first, timeout.Token);
        clientHasFirstChunk.SetResult();

        Assert.Equal("partial"u8.ToArray(), first);
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null, timeout.Token));
    }
}
