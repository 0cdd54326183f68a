namespace App.Identity;

/// <summary>Either an identity or the reason it was refused; the reason is for logs, never for the client.</summary>
public sealed record AuthenticationResult(CallerIdentity? Identity, string? Failure)
{
    public bool Succeeded => Identity is not null;

    public static AuthenticationResult Success(CallerIdentity identity) => new(identity, null);

    public static AuthenticationResult Fail(string reason) => new(null, reason);
}
