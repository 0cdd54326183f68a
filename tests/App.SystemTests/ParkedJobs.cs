using System.Text.Json;
using App.Testing;

namespace App.SystemTests;

/// <summary>
/// Jobs that wait until they are canceled: the api offers a second model, <see cref="Model"/>, whose job kind no worker
/// claims, so such a job stays queued and its event stream open for as long as a test needs; canceling it ends both.
/// </summary>
public static class ParkedJobs
{
    public const string Model = "parked";

    /// <summary>The api's models (the default one and <see cref="Model"/>), and rate limits no test here reaches.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Predictions__Models__0"] = "speech-screening",
        ["Predictions__Models__1"] = Model,
        ["Identity__RateLimits__Policies__uploads__Limits__free"] = "100000",
        ["Identity__RateLimits__Policies__uploads__Limits__pro"] = "100000",
        ["Identity__RateLimits__Policies__uploads__Limits__ip"] = "100000",
        ["Identity__RateLimits__Policies__reads__Limits__free"] = "100000",
        ["Identity__RateLimits__Policies__reads__Limits__pro"] = "100000",
        ["Identity__RateLimits__Policies__reads__Limits__ip"] = "100000",
    };

    /// <returns>The id of a new job that stays queued.</returns>
    public static async Task<Guid> SubmitAsync(HttpClient client)
    {
        using var form = Wav.Upload(Wav.Tone());
        form.Add(new StringContent(Model), "model");
        var job = await AppHostFixture.ReadAsync<JsonElement>(await client.PostAsync("/api/v1/predictions", form));
        return job.GetProperty("id").GetGuid();
    }

    public static string EventsPath(Guid jobId) => $"/api/v1/jobs/{jobId}/events";
}
