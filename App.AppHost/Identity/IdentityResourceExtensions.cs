using App.AppHost.Hosting;
using App.AppHost.Resources;

namespace App.AppHost.Identity;

/// <summary>What every service of one data directory must agree on: the internal signing key and the Data Protection key ring.</summary>
public sealed record IdentitySecrets(string DataDirectory, string InternalSigningKey, BootstrapAdminKey BootstrapAdminKey)
{
    public const string SecretsFolder = "secrets";
    public const string KeysFolder = "keys";

    public string KeysDirectory => Path.Combine(DataDirectory, KeysFolder);
}

public static class IdentityResourceExtensions
{
    /// <summary>
    /// Loads (first start: creates) the secrets under <c>&lt;data-dir&gt;/secrets</c>; a generated admin key is printed
    /// once, right after the gateway's address.
    /// </summary>
    public static IdentitySecrets AddIdentitySecrets(this AppHostBuilder builder)
    {
        var secrets = Path.Combine(builder.Options.DataDirectory, IdentitySecrets.SecretsFolder);
        var signingKey = InternalSigningKey.LoadOrCreate(secrets);
        var bootstrap = BootstrapAdminKey.Resolve(secrets, Environment.GetEnvironmentVariable(BootstrapAdminKey.Variable));
        if (bootstrap.Generated)
        {
            builder.AnnounceWhenReady(BootstrapAdminKey.AnnouncementPrefix + bootstrap.Key, bootstrap.MarkShown);
        }

        return new IdentitySecrets(builder.Options.DataDirectory, signingKey, bootstrap);
    }

    /// <summary>
    /// <c>App__DataDirectory</c> and one Data Protection key ring for all (<c>&lt;data-dir&gt;/keys</c>, both App.Identity's
    /// <c>Identity__PersonalData__KeysDirectory</c> and App.Rag's <c>DataProtection__KeysDirectory</c>), so whatever one
    /// service encrypts another can read.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedKeyRing(this IResourceBuilder<ProjectResource> builder, IdentitySecrets secrets) =>
        builder
            .WithEnvironment("App__DataDirectory", secrets.DataDirectory)
            .WithEnvironment("Identity__PersonalData__KeysDirectory", secrets.KeysDirectory)
            .WithEnvironment("DataProtection__KeysDirectory", secrets.KeysDirectory);

    /// <summary><c>Identity__InternalSigningKey</c>: the gateway signs with it, api and rag verify with it.</summary>
    public static IResourceBuilder<ProjectResource> WithInternalIdentity(this IResourceBuilder<ProjectResource> builder, IdentitySecrets secrets) =>
        builder.WithEnvironment("Identity__InternalSigningKey", secrets.InternalSigningKey);

    /// <summary><c>APP_BOOTSTRAP_ADMIN_KEY</c> for the service that creates the first admin key (api), when there is one to pass.</summary>
    public static IResourceBuilder<ProjectResource> WithBootstrapAdminKey(this IResourceBuilder<ProjectResource> builder, IdentitySecrets secrets) =>
        secrets.BootstrapAdminKey.Key is { } key ? builder.WithEnvironment(BootstrapAdminKey.Variable, key) : builder;
}
