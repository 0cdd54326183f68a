using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Internal;

internal static class InternalSigningKey
{
    private const int MinimumLength = 32;

    public static SymmetricSecurityKey From(InternalIdentityOptions options)
    {
        if (options.SigningKey.Length < MinimumLength)
        {
            throw new InvalidOperationException(
                $"{InternalIdentityOptions.SigningKeyKey} must be set to a secret of at least {MinimumLength} characters.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
    }
}
