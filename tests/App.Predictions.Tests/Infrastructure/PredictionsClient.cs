using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using App.Testing;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>The predictions API as a client sees it, with bodies as JSON so tests check the wire format itself.</summary>
public static class PredictionsClient
{
    public static MultipartFormDataContent Upload(byte[] file, string fileName = "clip.wav", string? contentType = "audio/wav",
        string? webhookUrl = null, string? model = null)
    {
        var form = new MultipartFormDataContent();
        AddFile(form, file, fileName, contentType);
        if (webhookUrl is not null)
        {
            form.Add(new StringContent(webhookUrl), "webhookUrl");
        }

        if (model is not null)
        {
            form.Add(new StringContent(model), "model");
        }

        return form;
    }

    public static void AddFile(MultipartFormDataContent form, byte[] file, string fileName, string? contentType = "audio/wav")
    {
        var part = new ByteArrayContent(file);
        if (contentType is not null)
        {
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        form.Add(part, "file", fileName);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    /// <returns>The accepted job.</returns>
    public static async Task<JsonElement> SubmitAsync(this HttpClient client, byte[] file, string? webhookUrl = null)
    {
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", Upload(file, webhookUrl: webhookUrl));
        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status}: {body}");
        return body;
    }

    public static async Task<JsonElement> GetJobAsync(this HttpClient client, Guid id)
    {
        var (status, body, _) = await client.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{id}");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        return body;
    }

    public static Task<JsonElement> UntilAsync(this HttpClient client, Guid id, Func<JsonElement, bool> done, int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetJobAsync(id), done, TimeSpan.FromSeconds(seconds), last => $"Last seen: {last}");

    public static Task<JsonElement> UntilFinishedAsync(this HttpClient client, Guid id, int seconds = 60) =>
        client.UntilAsync(id, j => j.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled", seconds);

    public static Guid Id(this JsonElement job) => job.GetProperty("id").GetGuid();

    public static string Status(this JsonElement job) => job.GetProperty("status").GetString()!;

    public static string? Code(this JsonElement problem) => problem.GetProperty("code").GetString();

    public static int BlobCount(string blobDirectory) =>
        Directory.Exists(blobDirectory) ? Directory.EnumerateFiles(blobDirectory, "*", SearchOption.AllDirectories).Count() : 0;
}
