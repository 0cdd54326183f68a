using System.Net;
using System.Net.Http.Headers;
using App.Gateway.Tests.Fixtures;
using Xunit.Abstractions;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class StreamingTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly GatewayFixture _fixture;
    private readonly ITestOutputHelper _output;

    public StreamingTests(GatewayFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Reset();
    }

    [Fact]
    public async Task A_100_MB_upload_streams_through_without_the_gateway_holding_it()
    {
        long received = 0;
        _fixture.Api.Handle(async context =>
        {
            var buffer = new byte[81920];
            long total = 0;
            while (await context.Request.Body.ReadAsync(buffer) is var read and > 0)
            {
                total += read;
            }

            Interlocked.Exchange(ref received, total);
            await context.Response.WriteAsync(total.ToString());
        });
        await UploadAsync(4 * MiB);
        var baseline = _fixture.Gateway.WorkingSet();

        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, _fixture.Gateway.WorkingSet());
                await Task.Delay(20);
            }
        });
        var answer = await UploadAsync(100 * MiB);
        await sampling.CancelAsync();
        await sampler;

        _output.WriteLine($"gateway working set: {baseline / MiB} MiB before, {peak / MiB} MiB peak during the upload");
        Assert.Equal((100 * MiB).ToString(), answer);
        Assert.Equal(100 * MiB, Interlocked.Read(ref received));
        Assert.True(peak - baseline < 32 * MiB, $"working set grew by {(peak - baseline) / MiB} MiB during the upload");
    }

    [Fact]
    public async Task Server_sent_events_reach_the_client_one_by_one()
    {
        var secondMayGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Api.Handle(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: one\n\n");
            await context.Response.Body.FlushAsync();
            await secondMayGo.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("data: two\n\n");
        });
        using var timeout = new CancellationTokenSource(Bound);

        using var response = await _fixture.Client.GetAsync("/api/v1/jobs/1/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        // Event one must arrive while the service is still holding event two back.
        Assert.Equal("data: one", await reader.ReadLineAsync(timeout.Token));
        Assert.Equal(string.Empty, await reader.ReadLineAsync(timeout.Token));
        secondMayGo.SetResult();
        Assert.Equal("data: two", await reader.ReadLineAsync(timeout.Token));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_request()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Api.Handle(async context =>
        {
            context.RequestAborted.Register(() => upstreamAborted.TrySetResult());
            started.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        using var client = new CancellationTokenSource();

        var call = _fixture.Client.GetAsync("/api/v1/jobs/slow", client.Token);
        await started.Task.WaitAsync(Bound);
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await upstreamAborted.Task.WaitAsync(Bound);
    }

    private async Task<string> UploadAsync(long length)
    {
        var content = new StreamContent(new GeneratedStream(length), 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        using var response = await _fixture.Client.PostAsync("/api/v1/uploads", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
