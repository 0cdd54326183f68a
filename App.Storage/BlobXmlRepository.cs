using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace App.Storage;

/// <summary>
/// A Data Protection key ring in a blob container: one blob per key XML under a prefix (<c>dataprotection/keys/</c>),
/// so every replica reads the keys another one created and unprotects what it protected. Keys are never overwritten
/// (a key's name is its id), so a racing replica cannot replace one.
/// </summary>
public sealed class BlobXmlRepository(BlobContainerClient container, string prefix) : IXmlRepository
{
    private int _containerReady;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureContainer();
        var elements = new List<XElement>();
        foreach (var item in container.GetBlobs(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            var content = container.GetBlobClient(item.Name).DownloadContent().Value.Content;
            elements.Add(XElement.Parse(content.ToString()));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureContainer();
        var name = IsSafe(friendlyName) ? friendlyName : Guid.NewGuid().ToString("N");
        var blob = container.GetBlobClient($"{prefix}{name}.xml");
        try
        {
            blob.Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another replica stored the same key first: what is there is that key.
        }
    }

    private void EnsureContainer()
    {
        if (Volatile.Read(ref _containerReady) == 0)
        {
            container.CreateIfNotExists();
            Volatile.Write(ref _containerReady, 1);
        }
    }

    private static bool IsSafe(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
