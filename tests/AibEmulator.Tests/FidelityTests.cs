using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace AibEmulator.Tests;

/// <summary>Every example in tests/reference/imagebuilder-rest/*/examples replayed against the emulator
/// (preconditions set up first): the status must be one the example declares, and its body must have the
/// example's shape; async headers must have the example's URL form. Prints one line with the counts.</summary>
[Collection("Emulator")]
public sealed class FidelityTests(EmulatorFixture fixture, ITestOutputHelper output)
{
    private readonly Arm _arm = fixture.Arm;

    /// <summary>Known oddities of the examples (see the README beside them), each with why it is excepted.</summary>
    private static readonly Dictionary<string, string> Excepted = new()
    {
        ["UpdateImageTemplateVmProfile"] = "the example swaps its two subnet values: subnetId is the placeholder '{updated_aci_subnet}', not a subnet id, so a strict service refuses it (the emulator must answer 400 ValidationFailed naming subnetId); its response also carries a stray '}}'",
    };

    [Fact]
    public async Task ReplaysEveryReferenceExample()
    {
        await _arm.Load("fidelity", timeScale: 0.002, pageSize: 1);
        var root = Path.Combine(fixture.ReferenceDir, "imagebuilder-rest");
        int replayed = 0, passed = 0, excepted = 0;
        var failures = new List<string>();
        foreach (var versionDir in Directory.GetDirectories(root).Order())
        {
            var version = Path.GetFileName(versionDir);
            foreach (var file in Directory.GetFiles(Path.Combine(versionDir, "examples"), "*.json").Order())
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var example = JsonNode.Parse(File.ReadAllText(file).Replace("{subscription-id}", _arm.Sub))!.AsObject();
                replayed++;
                try
                {
                    // For an excepted example, Replay checks the emulator's known, deliberate deviation instead.
                    var problems = await Replay(name, version, example);
                    if (problems.Count > 0) failures.Add($"{version}/{name}: {string.Join("; ", problems)}");
                    else if (Excepted.TryGetValue(name, out var reason))
                    {
                        excepted++;
                        output.WriteLine($"excepted {version}/{name}: {reason}");
                    }
                    else passed++;
                }
                catch (Exception e)
                {
                    failures.Add($"{version}/{name}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        var line = $"Fidelity: {replayed} examples replayed, {passed} passed, {excepted} excepted";
        output.WriteLine(line);
        Console.WriteLine(line);
        // Also left in out/ so build scripts can surface it without parsing test logs.
        Directory.CreateDirectory(Path.Combine(fixture.RepoRoot, "out"));
        File.WriteAllText(Path.Combine(fixture.RepoRoot, "out", "emulator-fidelity.txt"), line + Environment.NewLine);
        foreach (var f in failures) output.WriteLine("FAILED " + f);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(replayed, passed + excepted);
    }

    private async Task<List<string>> Replay(string name, string api, JsonObject example)
    {
        var p = example["parameters"]!.AsObject();
        var responses = example["responses"]!.AsObject();
        var rg = (string?)p["resourceGroupName"] ?? "myResourceGroup";
        var templateName = (string?)p["imageTemplateName"] ?? "myImageTemplate";
        var template = $"{_arm.Template(rg, templateName)}";
        var q = $"?api-version={api}";
        var body = p["parameters"] as JsonObject;
        switch (name)
        {
            case "CreateImageTemplateLinux" or "CreateImageTemplateWindows":
                await Remove(template, api);
                var put = await _arm.Put(template + q, body);
                await WaitAsync(put);
                return Check(put, responses);
            case "GetImageTemplate":
                await Recreate(template, api, responses["200"]!["body"]!.AsObject());
                return Check(await _arm.Get(template + q), responses);
            case "ListImageTemplates" or "ListImageTemplatesByRg":
                foreach (var t in responses["200"]!["body"]!["value"]!.AsArray())
                    await Recreate((string)t!["id"]!, api, t.AsObject());
                // nextLink values are not compared: the 2024-02-01 example's '/resourceGroup/' is a typo the README notes.
                var scope = name == "ListImageTemplates" ? $"/subscriptions/{_arm.Sub}" : _arm.Rg(rg);
                return await CheckList($"{scope}/providers/Microsoft.VirtualMachineImages/imageTemplates{q}", responses);
            case "UpdateImageTemplateTags" or "UpdateImageTemplateToRemoveIdentities" or "UpdateImageTemplateVmProfile":
                await Recreate(template, api, Fixture(responses["200"]!["body"]!.AsObject(), name));
                var patch = await _arm.Patch(template + q, body);
                if (name == "UpdateImageTemplateVmProfile")
                    return patch.Code == 400 && patch.ErrorCode == "ValidationFailed" && patch.ErrorMessage!.Contains("'subnetId' has a bad value")
                        ? [] : [$"expected the strict refusal of the swapped subnet, got {patch}"];
                if (patch.Code == 202)
                {
                    var problems = Check(patch, responses);
                    await WaitAsync(patch);
                    return problems.Concat(Check(await _arm.Get(template + q), responses, "200")).ToList();
                }
                return Check(patch, responses);
            case "RunImageTemplate":
                await Recreate(template, api, DefaultTemplate(api));
                var run = await _arm.Post($"{template}/run{q}");
                var runProblems = Check(run, responses);
                await WaitAsync(run, 60);
                return runProblems;
            case "CancelImageBuild":
                await Recreate(template, api, DefaultTemplate(api));
                var started = await _arm.Post($"{template}/run{q}");
                var cancel = await _arm.Post($"{template}/cancel{q}");
                var cancelProblems = Check(cancel, responses);
                var final = await _arm.WaitOperation(started.Header("Azure-AsyncOperation")!);
                if ((string?)final["status"] != "Canceled") cancelProblems.Add("run ended " + final["status"]);
                return cancelProblems;
            case "DeleteImageTemplate":
                await Recreate(template, api, DefaultTemplate(api));
                var delete = await _arm.Delete(template + q);
                var deleteProblems = Check(delete, responses);
                await WaitAsync(delete);
                return deleteProblems;
            case "GetRunOutput" or "ListRunOutputs":
                await RecreateWithOutputs(template, api);
                return name == "GetRunOutput"
                    ? Check(await _arm.Get($"{template}/runOutputs/{p["runOutputName"]}{q}"), responses)
                    : await CheckList($"{template}/runOutputs{q}", responses);
            case "CreateSourceImageTrigger" or "GetTrigger" or "ListTriggers" or "DeleteTrigger":
                var trigger = (string?)p["triggerName"] ?? "source";
                // Precondition: a template that can have a SourceImage trigger (the examples' templates build from a managed image).
                var triggerable = DefaultTemplate(api);
                triggerable["properties"]!["source"] = new JsonObject
                {
                    ["type"] = "PlatformImage",
                    ["publisher"] = "Canonical",
                    ["offer"] = "ubuntu-24_04-lts",
                    ["sku"] = "server",
                    ["version"] = "latest",
                };
                await Recreate(template, api, triggerable);
                var triggerBody = new JsonObject { ["properties"] = new JsonObject { ["kind"] = "SourceImage" } };
                if (name == "CreateSourceImageTrigger") return Check(await _arm.Put($"{template}/triggers/{trigger}{q}", body), responses);
                Assert.Equal(201, (await _arm.Put($"{template}/triggers/{trigger}{q}", triggerBody)).Code);
                if (name == "GetTrigger") return Check(await _arm.Get($"{template}/triggers/{trigger}{q}"), responses);
                if (name == "DeleteTrigger") return Check(await _arm.Delete($"{template}/triggers/{trigger}{q}"), responses);
                // One SourceImage trigger per template (AIB support TSG): a second is refused, so a list holds one trigger
                // and has no next page; the example's nextLink (skipToken=3 beside one item) is not reproducible.
                Assert.Equal(409, (await _arm.Put($"{template}/triggers/second{q}", triggerBody)).Code);
                var onePage = (JsonObject)responses.DeepClone();
                onePage["200"]!["body"]!.AsObject().Remove("nextLink");
                return await CheckList($"{template}/triggers{q}", onePage);
            case "OperationsList":
                return Check(await _arm.Get($"/providers/Microsoft.VirtualMachineImages/operations{q}"), responses, byName: true);
            default:
                return [$"no replay written for example '{name}'"];
        }
    }

    /// <summary>Status among the example's; body shape (objects) or header URL form (async headers).</summary>
    private static List<string> Check(ArmResult r, JsonObject responses, string? status = null, bool byName = false)
    {
        var code = status ?? r.Code.ToString();
        if (!responses.ContainsKey(code)) return [$"status {r.Code} not among the example's ({string.Join(",", responses.Select(x => x.Key))}): {r}"];
        var expected = responses[code]!.AsObject();
        var problems = new List<string>();
        if (expected["body"] is JsonObject body)
        {
            if (byName)
            {
                var ours = r.Body!["value"]!.AsArray();
                foreach (var item in body["value"]!.AsArray())
                {
                    var match = ours.FirstOrDefault(o => (string?)o!["name"] == (string?)item!["name"]);
                    if (match is null) problems.Add($"missing {(string?)item!["name"]}");
                    else problems.AddRange(JsonShape.Differences(item, match, $"$[{item!["name"]}]"));
                }
            }
            else problems.AddRange(JsonShape.Differences(body, r.Body));
        }
        foreach (var (header, value) in expected["headers"]?.AsObject() ?? new JsonObject())
        {
            var got = r.Header(header);
            var raw = (string)value!;
            var pattern = "^https://[^/]+" + Regex.Escape(raw[raw.IndexOf('/', "https://".Length)..])
                .Replace(Regex.Escape("{location}"), "[a-z0-9]+").Replace(Regex.Escape("{operation-id}"), "[0-9A-Fa-f-]+") + "$";
            if (got is null || !Regex.IsMatch(got, pattern)) problems.Add($"header {header} '{got}' does not have the form of '{value}'");
        }
        return problems;
    }

    /// <summary>Lists every page (page size 1, so nextLink must appear when the example has one) and compares items by name.</summary>
    private async Task<List<string>> CheckList(string path, JsonObject responses)
    {
        var first = await _arm.Get(path);
        var expected = responses["200"]!["body"]!.AsObject();
        var problems = new List<string>();
        if (first.Code != 200) return [$"status {first}"];
        if (expected["nextLink"] is not null && first.Body!["nextLink"] is null) problems.Add("no nextLink on a first page");
        var all = new JsonObject { ["value"] = new JsonArray((await _arm.ListAll(path)).Select(i => (JsonNode)i).ToArray()) };
        var expectedItems = new JsonObject { ["value"] = expected["value"]!.DeepClone() };
        problems.AddRange(Check(new ArmResult(first.Status, first.Headers, all), new JsonObject { ["200"] = new JsonObject { ["body"] = expectedItems } }, byName: true));
        return problems;
    }

    private async Task Recreate(string templateId, string api, JsonObject responseBody)
    {
        await Remove(templateId, api);
        var request = (JsonObject)responseBody.DeepClone();
        foreach (var key in new[] { "id", "name", "type", "systemData" }) request.Remove(key);
        request["location"] ??= "westus";
        if (request["identity"] is JsonObject identity && (string?)identity["type"] != "UserAssigned")
            request["identity"] = JsonNode.Parse($"{{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{{\"{(string)_arm.Endpoint["userAssignedIdentityId"]!}\":{{}}}}}}");
        var put = await _arm.Put($"{templateId}?api-version={api}", request);
        Assert.True(put.Code == 201, $"precondition PUT {templateId}: {put}");
        var op = await _arm.WaitOperation(put.Header("Azure-AsyncOperation")!);
        Assert.Equal("Succeeded", (string?)op["status"]);
    }

    /// <summary>A template whose last run produced the outputs the runOutputs examples show.</summary>
    private async Task RecreateWithOutputs(string templateId, string api)
    {
        var body = DefaultTemplate(api);
        body["properties"]!["distribute"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "ManagedImage",
                ["runOutputName"] = "myManagedImageOutput",
                ["location"] = "westus",
                ["imageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg1/providers/Microsoft.Compute/images/output_managed_image"
            },
            new JsonObject
            {
                ["type"] = "SharedImage",
                ["runOutputName"] = "mySharedImageOutput",
                ["galleryImageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg1/providers/Microsoft.Compute/galleries/Gallery1/images/SharedImageOutput"
            });
        await Recreate(templateId, api, body);
        var run = await _arm.Post($"{templateId}/run?api-version={api}");
        var op = await _arm.WaitOperation(run.Header("Azure-AsyncOperation")!);
        Assert.Equal("Succeeded", (string?)op["status"]);
    }

    /// <summary>The GetImageTemplate example's template: what the other examples act on.</summary>
    private JsonObject DefaultTemplate(string api) => JsonNode.Parse(File.ReadAllText(
        Path.Combine(fixture.ReferenceDir, "imagebuilder-rest", api, "examples", "GetImageTemplate.json")).Replace("{subscription-id}", _arm.Sub))!["responses"]!["200"]!["body"]!.AsObject();

    private JsonObject Fixture(JsonObject body, string name)
    {
        var copy = (JsonObject)body.DeepClone();
        if (name == "UpdateImageTemplateVmProfile") copy["properties"]!["vmProfile"] = new JsonObject { ["vmSize"] = "Standard_D2s_v3" };
        return JsonNode.Parse(copy.ToJsonString().Replace("{subscription-id}", _arm.Sub))!.AsObject();
    }

    private async Task Remove(string templateId, string api)
    {
        var delete = await _arm.Delete($"{templateId}?api-version={api}");
        if (delete.Code == 202) await _arm.WaitOperation(delete.Headers.Location!.ToString());
    }

    private async Task WaitAsync(ArmResult r, int seconds = 30)
    {
        var url = r.Header("Azure-AsyncOperation") ?? r.Headers.Location?.ToString();
        if (url is not null) await _arm.WaitOperation(url, seconds);
    }
}
