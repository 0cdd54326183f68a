using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests.Support;

public static class ScopeExtensions
{
    public static T Get<T>(this AsyncServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
