using System.Net;
using App.Predictions.Tests.Infrastructure;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class UploadValidationTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Eleven_megabytes_is_413_payload_too_large()
    {
        using var client = await app.NewTenantClientAsync("large");
        var wav = Wav.Write(new float[11 * 1024 * 1024 / 2], 16000);

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(wav));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("payload_too_large", problem.Code());
    }

    /// <summary>
    /// Under the gateway's route limit (11 MiB) but over the api's (10 MiB): the api refuses before reading the whole
    /// body, and the client must still get the api's 413, not a 502 from the proxy that was still sending it.
    /// </summary>
    [Fact]
    public async Task Ten_and_a_half_megabytes_is_the_api_s_413_through_the_gateway()
    {
        using var client = await app.NewTenantClientAsync("over-api-limit");
        var wav = Wav.Write(new float[(10 * 1024 * 1024 + 512 * 1024) / 2], 16000);

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(wav));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("payload_too_large", problem.Code());
    }

    [Fact]
    public async Task Png_renamed_to_wav_is_415()
    {
        using var client = await app.NewTenantClientAsync("png");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8.ToArray(), .. new byte[2048]];

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(png, "photo.wav"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("unsupported_media_type", problem.Code());
    }

    [Fact]
    public async Task Wav_declared_as_mp3_is_415()
    {
        using var client = await app.NewTenantClientAsync("mismatch");

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions",
            PredictionsClient.Upload(SpeechAudio.Silence(1), "clip.mp3", "audio/mpeg"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("media_type_mismatch", problem.Code());
    }

    [Fact]
    public async Task Truncated_wav_is_422_and_nothing_is_stored()
    {
        using var client = await app.NewTenantClientAsync("truncated");
        var wav = SpeechAudio.PaddedSentence().Wav;
        var truncated = wav[..(wav.Length / 2 + 1)];
        var blobsBefore = PredictionsClient.BlobCount(app.BlobDirectory);

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(truncated));
        var (_, history, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/jobs");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("audio_corrupt", problem.Code());
        Assert.Equal(blobsBefore, PredictionsClient.BlobCount(app.BlobDirectory));
        Assert.Equal(0, history.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Webhook_url_that_is_not_http_is_422()
    {
        using var client = await app.NewTenantClientAsync("badhook");

        var (status, problem, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions",
            PredictionsClient.Upload(SpeechAudio.Silence(1), webhookUrl: "file:///etc/passwd"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("webhook_url_invalid", problem.Code());
    }
}
