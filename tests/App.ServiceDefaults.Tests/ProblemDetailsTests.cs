using System.Net;
using System.Text.Json;
using App.ServiceDefaults.Problems;
using App.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace App.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private const string Secret = "connection string with password=hunter2";
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private readonly HttpClient _client = new();

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(map: app =>
    {
        app.MapGet("/boom", string () => throw new InvalidOperationException(Secret));
        app.MapGet("/refuse", () => ProblemDetailsExtensions.Problem(422, "too_short", "The clip is too short."));
    });

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_with_code_and_trace_id()
    {
        using var response = await _client.GetAsync(new Uri(_app.Address(), "/missing"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal(32, problem.GetProperty("traceId").GetString()!.Length);
    }

    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_internals()
    {
        using var response = await _client.GetAsync(new Uri(_app.Address(), "/boom"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        var raw = problem.GetRawText();
        Assert.DoesNotContain("hunter2", raw);
        Assert.DoesNotContain("InvalidOperationException", raw);
        Assert.DoesNotContain("   at ", raw);
    }

    [Fact]
    public async Task Handler_problem_keeps_its_own_code()
    {
        using var response = await _client.GetAsync(new Uri(_app.Address(), "/refuse"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("too_short", problem.GetProperty("code").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Request_id_is_echoed_when_well_formed_and_made_otherwise()
    {
        using var given = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.Address(), "/alive"));
        given.Headers.Add(ProblemDetailsExtensions.RequestIdHeader, "req-123");
        using var echoed = await _client.SendAsync(given);
        Assert.Equal("req-123", echoed.Headers.GetValues(ProblemDetailsExtensions.RequestIdHeader).Single());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.Address(), "/alive"));
        hostile.Headers.TryAddWithoutValidation(ProblemDetailsExtensions.RequestIdHeader, "<script>");
        using var replaced = await _client.SendAsync(hostile);
        var made = replaced.Headers.GetValues(ProblemDetailsExtensions.RequestIdHeader).Single();
        Assert.NotEqual("<script>", made);
        Assert.False(string.IsNullOrWhiteSpace(made));
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, document.RootElement.GetProperty("status").GetInt32());
        return document.RootElement.Clone();
    }
}
