using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>What a client reads of a build's staging resources adds up: every referenced id resolves by GET
/// with the doubled leading slash id-based SDK calls send, addresses are inside their subnet's prefix and distinct.</summary>
[Collection("Emulator")]
public sealed class StagingConsistencyTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    /// <summary>The newest version the providers list reports for a type (as a client would pick).</summary>
    private async Task<Func<string, string>> VersionPicker()
    {
        var providers = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers?api-version=2025-04-01");
        var map = providers.SelectMany(p => p["resourceTypes"]!.AsArray().OfType<JsonObject>()
                .Select(t => ($"{p["namespace"]}/{t["resourceType"]}", (string?)t["apiVersions"]!.AsArray().FirstOrDefault())))
            .Where(x => x.Item2 is not null).ToDictionary(x => x.Item1, x => x.Item2!, StringComparer.OrdinalIgnoreCase);
        return type => map[type];
    }

    private async Task<JsonObject> GetById(string id, Func<string, string> version)
    {
        var type = string.Join('/', id.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(6).Where((_, i) => i % 2 == 0));
        var ns = id.Split('/', StringSplitOptions.RemoveEmptyEntries)[5];
        var r = await _arm.Get($"{(string)_arm.Endpoint["armEndpoint"]!}{id}?api-version={version($"{ns}/{type}")}");
        Assert.True(r.Code == 200, $"GET {id}: {r}");
        return r.Body!.AsObject();
    }

    [Theory]
    [InlineData("NoSubnet")]
    [InlineData("BuildSubnetOnly")]
    [InlineData("BuildAndAciSubnets")]
    public async Task DuringABuildEveryReferenceResolvesAndAddressesFitTheirSubnets(string topology)
    {
        await _arm.Load("default", timeScale: 0.006);
        var version = await VersionPicker();
        var name = Templates.Unique("consistent");
        await Templates.Create(_arm, name, Templates.Body(_arm, topology));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var op = await Templates.Run(_arm, name);
        var checkedVms = 0;
        while ((string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]?["runState"] == "Running")
        {
            var resources = await _arm.ListAll($"{staging}/resources?api-version=2025-04-01");
            var vms = resources.Where(r => (string)r["type"]! == "Microsoft.Compute/virtualMachines").ToList();
            var expectedVms = topology == "BuildSubnetOnly" ? 2 : 1;
            if (vms.Count < expectedVms) { await Task.Delay(50); continue; }
            try
            {
                var addresses = new List<string>();
                foreach (var listed in vms)
                {
                    var vm = await GetById((string)listed["id"]!, version);
                    var nicId = (string)vm["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!;
                    var diskId = (string)vm["properties"]!["storageProfile"]!["osDisk"]!["managedDisk"]!["id"]!;
                    var nic = await GetById(nicId, version);
                    var disk = await GetById(diskId, version);
                    Assert.Equal((string)vm["id"]!, (string?)nic["properties"]!["virtualMachine"]?["id"], StringComparer.OrdinalIgnoreCase);
                    Assert.Equal((string)vm["id"]!, (string?)disk["managedBy"], StringComparer.OrdinalIgnoreCase);
                    var config = nic["properties"]!["ipConfigurations"]![0]!["properties"]!;
                    var subnet = await GetById((string)config["subnet"]!["id"]!, version);
                    var address = (string)config["privateIPAddress"]!;
                    Assert.True(InPrefix((string)subnet["properties"]!["addressPrefix"]!, address), $"{address} outside {subnet["properties"]!["addressPrefix"]}");
                    addresses.Add(address);
                }
                foreach (var listed in resources.Where(r => (string)r["type"]! == "Microsoft.ContainerInstance/containerGroups"))
                {
                    var group = await GetById((string)listed["id"]!, version);
                    var subnet = await GetById((string)group["properties"]!["subnetIds"]![0]!["id"]!, version);
                    var address = (string)group["properties"]!["ipAddress"]!["ip"]!;
                    Assert.True(InPrefix((string)subnet["properties"]!["addressPrefix"]!, address), $"ACI {address} outside {subnet["properties"]!["addressPrefix"]}");
                    addresses.Add(address);
                }
                foreach (var listed in resources) await GetById((string)listed["id"]!, version); // every listed resource reads by id
                Assert.Equal(addresses.Count, addresses.Distinct().Count());
                checkedVms = vms.Count;
                break;
            }
            catch (Xunit.Sdk.XunitException)
            {
                if (await StillThere(vms)) throw; // else the run moved on between reads: look again
            }
        }
        Assert.Equal(topology == "BuildSubnetOnly" ? 2 : 1, checkedVms);
        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(op))["status"]!);
    }

    private async Task<bool> StillThere(List<JsonObject> vms)
    {
        foreach (var vm in vms)
            if ((await _arm.Send(HttpMethod.Head, $"{vm["id"]}?api-version=2026-04-01", null)).Code != 204) return false;
        return true;
    }

    private static bool InPrefix(string prefix, string address)
    {
        var parts = prefix.Split('/');
        var bits = int.Parse(parts[1]);
        uint Number(string a) => IPAddress.Parse(a).GetAddressBytes().Aggregate(0u, (n, b) => n << 8 | b);
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (Number(address) & mask) == (Number(parts[0]) & mask);
    }

    [Fact]
    public async Task ExactVersionFollowsTheSpecForLatestAndExplicitVersions()
    {
        await _arm.Load("default", timeScale: 0.004);
        var latest = Templates.Unique("latest");
        await Templates.Create(_arm, latest, Templates.Body(_arm, "NoSubnet"));
        // "If 'latest' is specified here, the version is evaluated when the image build takes place".
        Assert.Null((await Templates.Get(_arm, latest))["properties"]!["source"]!["exactVersion"]);
        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(await Templates.Run(_arm, latest)))["status"]!);
        Assert.Equal("22.04.202409250", (string?)(await Templates.Get(_arm, latest))["properties"]!["source"]!["exactVersion"]);

        // "This readonly field differs from 'version', only if the value specified in 'version' field is 'latest'."
        var pinned = Templates.Unique("pinned");
        await Templates.Create(_arm, pinned, Templates.Body(_arm, "NoSubnet", b => b["properties"]!["source"]!["version"] = "22.04.202404090"));
        Assert.Equal("22.04.202404090", (string?)(await Templates.Get(_arm, pinned))["properties"]!["source"]!["exactVersion"]);
    }
}
