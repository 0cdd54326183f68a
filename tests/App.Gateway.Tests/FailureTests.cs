using System.Net;
using App.Gateway.Tests.Fixtures;
using App.Testing;

namespace App.Gateway.Tests;

/// <summary>How the gateway reports what went wrong behind it, before any response byte was sent.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FailureTests
{
    private readonly GatewayFixture _fixture;

    public FailureTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Fact]
    public async Task A_service_that_is_down_or_has_no_address_is_a_502()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = FreePort.ClosedUrl(),
        });

        using var down = await gateway.Client.GetAsync("/api/v1/jobs");
        using var missing = await gateway.Client.GetAsync("/api/v1/collections");

        await ProblemAssert.IsProblemAsync(down, HttpStatusCode.BadGateway, "bad_gateway");
        // With no configured address, service discovery passes the bare name through, which resolves nowhere.
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadGateway, "bad_gateway");
    }

    [Fact]
    public async Task A_service_slower_than_the_activity_timeout_is_a_504_and_its_request_is_cancelled()
    {
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Api.Handle(async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            upstreamAborted.SetResult();
        });
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = _fixture.Api.Url,
            ["ReverseProxy__Clusters__api__HttpRequest__ActivityTimeout"] = "00:00:01",
        });

        using var response = await gateway.Client.GetAsync("/api/v1/jobs/slow");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "gateway_timeout");
        await upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
