using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using App.Testing;

namespace App.Extractions.Tests.Infrastructure;

/// <summary>The extractions API as a client sees it, with bodies as JSON so tests check the wire format itself.</summary>
public static class ExtractionsClient
{
    public const string Path = "/api/v1/extractions";

    public static MultipartFormDataContent Form(
        byte[] file, string? schema = "sentences", string fileName = "document.pdf", string? contentType = "application/pdf",
        string? instructions = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        if (contentType is not null)
        {
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        form.Add(part, "file", fileName);
        if (schema is not null)
        {
            form.Add(new StringContent(schema), "schema");
        }

        if (instructions is not null)
        {
            form.Add(new StringContent(instructions), "instructions");
        }

        return form;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <returns>The accepted extraction.</returns>
    public static async Task<JsonElement> SubmitAsync(this HttpClient client, byte[] file, string schema = "sentences", string? instructions = null)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, Path, Form(file, schema, instructions: instructions));
        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status}: {body}");
        return body;
    }

    public static async Task<JsonElement> GetAsync(this HttpClient client, Guid id)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"{Path}/{id}");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        return body;
    }

    public static Task<JsonElement> UntilFinishedAsync(this HttpClient client, Guid id, int seconds = 60) =>
        Eventually.UntilAsync(() => client.GetAsync(id), j => j.Status() is "succeeded" or "failed" or "canceled",
            TimeSpan.FromSeconds(seconds), last => $"Last seen: {last}");

    /// <summary>Submits and waits for the final state.</summary>
    public static async Task<JsonElement> ExtractAsync(this HttpClient client, byte[] file, string schema = "sentences", int seconds = 60) =>
        await client.UntilFinishedAsync((await client.SubmitAsync(file, schema)).Id(), seconds);

    public static Guid Id(this JsonElement extraction) => extraction.GetProperty("id").GetGuid();

    public static string Status(this JsonElement extraction) => extraction.GetProperty("status").GetString()!;

    public static string? Code(this JsonElement problemOrError) => problemOrError.GetProperty("code").GetString();

    public static JsonElement Result(this JsonElement extraction) => extraction.GetProperty("result");

    public static JsonElement Error(this JsonElement extraction) => extraction.GetProperty("error");

    public static int ModelCalls(this JsonElement extraction) => extraction.Result().GetProperty("usage").GetProperty("modelCalls").GetInt32();
}
