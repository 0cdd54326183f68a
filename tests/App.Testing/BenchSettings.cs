namespace App.Testing;

/// <summary>Settings the benchmarks give the whole app: rate limits out of the way (they have their own tests), quiet logs.</summary>
public static class BenchSettings
{
    public static Dictionary<string, string> Unlimited(string adminKey) => new()
    {
        ["APP_BOOTSTRAP_ADMIN_KEY"] = adminKey,
        ["Identity__RateLimits__Policies__uploads__Limits__free"] = "1000000",
        ["Identity__RateLimits__Policies__reads__Limits__free"] = "1000000",
        ["Identity__RateLimits__Policies__uploads__Limits__pro"] = "1000000",
        ["Identity__RateLimits__Policies__reads__Limits__pro"] = "1000000",
        ["Identity__RateLimits__Policies__uploads__Limits__ip"] = "1000000",
        ["Identity__RateLimits__Policies__reads__Limits__ip"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
