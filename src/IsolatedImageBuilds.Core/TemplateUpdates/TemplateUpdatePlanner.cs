using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>
    /// Works out an in-place update locally: the would-be template (the options applied as New-AibIsolatedTemplate applies them,
    /// so the move to BuildAndAciSubnets drops proxyVmSize), its problems under the local rules, the fields that change, and the
    /// PATCH body. Only vmProfile and distribute can change (api-version 2024-02-01 ImageTemplateUpdateParameters).
    /// </summary>
    public static class TemplateUpdatePlanner
    {
        private const string VmProfilePath = "properties.vmProfile";
        private const string DistributePath = "properties.distribute";

        /// <summary>Throws <see cref="TemplateValidationException"/> with the problems of the fields the PATCH would send.</summary>
        public static TemplateUpdatePlan Plan(ImageTemplateDocument current, TemplateUpdateRequest request)
        {
            var resource = (JsonObject)JsonNode.Parse(current.ToResourceJson())!;
            resource["apiVersion"] = ArmApiVersions.ImageTemplates;
            MergeDistributors(resource, request.Distributors);
            var options = new TemplateBuildOptions
            {
                SubnetId = request.SubnetId,
                ContainerInstanceSubnetId = request.ContainerInstanceSubnetId,
                VmSize = request.VmSize,
                Topology = request.ContainerInstanceSubnetId != null ? NetworkTopology.BuildAndAciSubnets : (NetworkTopology?)null,
            };
            var notes = new List<string>();
            var problems = new List<TemplateProblem>();
            new OptionsApplier(resource, notes, problems).Apply(options);
            var after = new ImageTemplateDocument(resource, current.ResourceGroupName, notes);

            // Fields the PATCH does not send are Azure's already: only the sent ones are judged.
            var sentProblems = TemplateValidator.Validate(after, problems).Where(p => IsPatched(p.FieldPath)).ToList();
            if (sentProblems.Count > 0) throw new TemplateValidationException(sentProblems);

            var changes = new List<FieldChange>();
            var body = new JsonObject();
            foreach (string field in new[] { "vmProfile", "distribute" })
            {
                JsonNode? old = JsonRead.Obj(current.Resource, "properties")?[field];
                JsonNode? now = JsonRead.Obj(after.Resource, "properties")?[field];
                var fieldChanges = Diff("properties." + field, old, now);
                if (fieldChanges.Count == 0) continue;
                changes.AddRange(fieldChanges);
                JsonObject properties = body["properties"] as JsonObject ?? (JsonObject)(body["properties"] = new JsonObject());
                properties[field] = field == "vmProfile" ? MergePatch(old as JsonObject, (JsonObject)now!) : now!.DeepClone();
            }
            return new TemplateUpdatePlan(current, after, changes, body);
        }

        private static bool IsPatched(string path) =>
            path.StartsWith(VmProfilePath, StringComparison.Ordinal) || path.StartsWith(DistributePath, StringComparison.Ordinal);

        // A distributor with an existing runOutputName replaces that target in place; the others are added.
        private static void MergeDistributors(JsonObject resource, IEnumerable<ImageDistributor> distributors)
        {
            JsonObject properties = TemplateJson.Ensure(resource, "properties");
            foreach (ImageDistributor distributor in distributors)
            {
                JsonArray targets = properties["distribute"] as JsonArray ?? (JsonArray)(properties["distribute"] = new JsonArray());
                int index = targets.ToList().FindIndex(t =>
                    string.Equals(JsonRead.StrictStr(t, "runOutputName"), distributor.RunOutputName, StringComparison.OrdinalIgnoreCase));
                if (index >= 0) targets[index] = distributor.CloneJson();
                else targets.Add(distributor.CloneJson());
            }
        }

        /// <summary>The new object, with null for every field it no longer has (JSON merge patch, RFC 7396),
        /// so a merging PATCH removes them too.</summary>
        private static JsonObject MergePatch(JsonObject? old, JsonObject now)
        {
            var patch = (JsonObject)now.DeepClone();
            foreach (var pair in old ?? new JsonObject())
            {
                if (!patch.ContainsKey(pair.Key)) patch[pair.Key] = null;
                else if (pair.Value is JsonObject oldChild && patch[pair.Key] is JsonObject newChild)
                {
                    patch[pair.Key] = MergePatch(oldChild, newChild);
                }
            }
            return patch;
        }

        /// <summary>Leaf by leaf (objects by key, arrays by index); a changed scalar or a field added or removed is one change.</summary>
        private static List<FieldChange> Diff(string path, JsonNode? old, JsonNode? now)
        {
            var changes = new List<FieldChange>();
            if (old is JsonObject oldObject && now is JsonObject newObject)
            {
                foreach (string key in oldObject.Select(p => p.Key).Union(newObject.Select(p => p.Key)))
                {
                    changes.AddRange(Diff(JsonPath.Child(path, key), oldObject[key], newObject[key]));
                }
            }
            else if (old is JsonArray oldArray && now is JsonArray newArray)
            {
                for (int i = 0; i < Math.Max(oldArray.Count, newArray.Count); i++)
                {
                    changes.AddRange(Diff(JsonPath.Index(path, i), i < oldArray.Count ? oldArray[i] : null, i < newArray.Count ? newArray[i] : null));
                }
            }
            else
            {
                string? before = old?.ToJsonString();
                string? after = now?.ToJsonString();
                if (before != after) changes.Add(new FieldChange(path, before, after));
            }
            return changes;
        }
    }
}
