using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.Predictions.Tests.Infrastructure;
using App.Testing;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class WebhookTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Webhook_arrives_signed_and_verifiable_and_is_retried_after_a_500()
    {
        using var client = await app.NewTenantClientAsync("webhook");
        await using var receiver = await WebhookReceiver.StartAsync(500);

        var job = await client.SubmitAsync(SpeechAudio.Silence(1.75), receiver.Url);
        await client.UntilFinishedAsync(job.Id());
        var deliveries = await Eventually.UntilAsync(
            async () => (await client.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{job.Id()}/webhooks")).Body,
            d => d.EnumerateArray().Any(w => w.GetProperty("outcome").GetString() == "delivered"),
            TimeSpan.FromSeconds(30), d => $"Last seen: {d}");

        Assert.Equal(
            [(1, 500, "retried"), (2, 200, "delivered")],
            deliveries.EnumerateArray().Select(w => (w.GetProperty("attempt").GetInt32(), w.GetProperty("statusCode").GetInt32(), w.GetProperty("outcome").GetString())));
        Assert.Equal(2, receiver.Received.Count);
        foreach (var hook in receiver.Received)
        {
            Assert.True(SignatureVerifies(hook.Signature, hook.Body), $"signature {hook.Signature} does not verify");
            var body = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal(job.Id(), body.Id());
            Assert.Equal("succeeded", body.Status());
            Assert.Contains("Not a medical diagnosis", body.GetProperty("result").GetProperty("disclaimer").GetString());
        }

        Assert.Equal(["1", "2"], receiver.Received.Select(h => h.Attempt));
        Assert.False(SignatureVerifies(receiver.Received.First().Signature, receiver.Received.First().Body + " "));
    }

    /// <summary>What a receiver does: recompute HMAC-SHA256 over "t.body" with the shared secret and compare in constant time.</summary>
    private static bool SignatureVerifies(string? header, string body)
    {
        var parts = (header ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(PredictionsAppHost.WebhookSecret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        var age = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        return age is >= -5 and < 300 && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }
}
