using System.Net;
using App.Extractions.Tests.Infrastructure;
using App.Identity;
using App.Testing;

namespace App.Extractions.Tests;

/// <summary>The app started without ConnectionStrings:chat.</summary>
public sealed class NoModelAppHost : AppHostFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => ExtractionSettings.Common;
}

public sealed class NoModelTests(NoModelAppHost app) : IClassFixture<NoModelAppHost>
{
    [Fact]
    public async Task Without_a_chat_model_an_extraction_is_refused_with_503_model_unavailable_and_nothing_is_stored()
    {
        var tenant = await app.CreateTenantAsync("no-model");
        using var client = app.Client((await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Extractions)).Secret);
        var blobs = Path.Combine(app.DataDirectory, "blobs");
        var blobsBefore = Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() : 0;

        var (status, problem) = await client.SendAsync(HttpMethod.Post, ExtractionsClient.Path, ExtractionsClient.Form(TestDocuments.Sentences(1).Pdf));
        var (_, history) = await client.SendAsync(HttpMethod.Get, ExtractionsClient.Path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("model_unavailable", problem.Code());
        Assert.Equal(0, history.GetProperty("totalCount").GetInt32());
        Assert.Equal(blobsBefore, Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() : 0);
    }
}
