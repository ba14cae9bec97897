using Azure.Storage;
using Azure.Storage.Blobs;

namespace AibEmulator.Tests;

/// <summary>Reads the newest customization.log of a staging group from Azurite the way a client would:
/// storage account → listKeys → blob endpoint.</summary>
public static class Logs
{
    public static async Task<string> ReadCustomizationLog(Arm arm, string stagingGroup, string name = "customization.log")
    {
        var account = (await arm.ListAll($"{stagingGroup}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01")).Single();
        var keys = await arm.Post($"{account["id"]}/listKeys?api-version=2023-05-01");
        var key = (string)keys.Body!["keys"]![0]!["value"]!;
        var service = new BlobServiceClient(new Uri((string)account["properties"]!["primaryEndpoints"]!["blob"]!),
            new StorageSharedKeyCredential((string)account["name"]!, key));
        var container = service.GetBlobContainerClient("packerlogs");
        // The packerlogs container appears with the build's first log lines, as in Azure: before that there is no log yet.
        if (!(await container.ExistsAsync()).Value) throw new InvalidOperationException($"no {name} yet (no packerlogs container)");
        var blob = container.GetBlobs().OrderByDescending(b => b.Properties.CreatedOn).FirstOrDefault(b => b.Name.EndsWith("/" + name))
            ?? throw new InvalidOperationException($"no {name} yet");
        return (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
    }
}
