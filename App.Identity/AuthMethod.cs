namespace App.Identity;

public enum AuthMethod
{
    ApiKey,
    Jwt,
}
