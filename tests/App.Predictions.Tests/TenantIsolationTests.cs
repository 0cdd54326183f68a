using System.Net;
using App.Predictions.Tests.Infrastructure;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class TenantIsolationTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Another_tenant_cannot_read_follow_cancel_or_list_the_job()
    {
        using var tenantA = await app.NewTenantClientAsync("tenant-a");
        using var tenantB = await app.NewTenantClientAsync("tenant-b");
        var job = await tenantA.SubmitAsync(SpeechAudio.Silence(3.25));

        var (get, problem, _) = await tenantB.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{job.Id()}");
        var (events, _, _) = await tenantB.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{job.Id()}/events");
        var (webhooks, _, _) = await tenantB.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{job.Id()}/webhooks");
        var (cancel, _, _) = await tenantB.SendAsync(HttpMethod.Delete, $"/api/v1/jobs/{job.Id()}");
        var (_, list, _) = await tenantB.SendAsync(HttpMethod.Get, "/api/v1/jobs");

        Assert.Equal(HttpStatusCode.NotFound, get);
        Assert.Equal("not_found", problem.Code());
        Assert.Equal(HttpStatusCode.NotFound, events);
        Assert.Equal(HttpStatusCode.NotFound, webhooks);
        Assert.Equal(HttpStatusCode.NotFound, cancel);
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.NotEqual("canceled", (await tenantA.GetJobAsync(job.Id())).Status());
    }

    [Fact]
    public async Task Without_an_api_key_the_predictions_api_is_401()
    {
        using var anonymous = app.Client();

        var (status, _, _) = await anonymous.SendAsync(HttpMethod.Get, "/api/v1/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
