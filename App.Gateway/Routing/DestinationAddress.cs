namespace App.Gateway.Routing;

public static class DestinationAddress
{
    /// <summary>The service's base address (which may carry a path of its own) followed by the path and query to forward.</summary>
    public static Uri Combine(Uri service, PathString path, QueryString query)
    {
        var basePath = new PathString(service.AbsolutePath.TrimEnd('/'));
        return new Uri(service.GetLeftPart(UriPartial.Authority) + basePath.Add(path).ToUriComponent() + query.ToUriComponent());
    }
}
