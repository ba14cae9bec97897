using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Topology;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Writes <see cref="TemplateBuildOptions"/> onto a resource: replaces single values, appends lists, merges maps.</summary>
    internal sealed class OptionsApplier
    {
        private const string VnetPath = "properties.vmProfile.vnetConfig";
        private readonly JsonObject resource;
        private readonly List<string> notes;
        private readonly List<TemplateProblem> problems;

        public OptionsApplier(JsonObject resource, List<string> notes, List<TemplateProblem> problems)
        {
            this.resource = resource;
            this.notes = notes;
            this.problems = problems;
        }

        private JsonObject Properties => TemplateJson.Ensure(resource, "properties");

        public void Apply(TemplateBuildOptions o)
        {
            Set(resource, "name", o.Name);
            Set(resource, "location", o.Location);
            Merge(resource, "tags", o.Tags);
            if (o.UserAssignedIdentityId != null)
            {
                Replace(resource, "identity", new JsonObject
                {
                    ["type"] = "UserAssigned",
                    ["userAssignedIdentities"] = new JsonObject { [o.UserAssignedIdentityId] = new JsonObject() },
                });
            }

            ApplySource(o);
            Append(Properties, "customize", o.Customizers?.Select(c => c.CloneJson()));
            ApplyValidation(o);
            Append(Properties, "distribute", o.Distributors?.Select(d => d.CloneJson()));
            if (o.OnCustomizerError != null || o.OnValidationError != null)
            {
                var handling = TemplateJson.Ensure(Properties, "errorHandling");
                Set(handling, "onCustomizerError", o.OnCustomizerError);
                Set(handling, "onValidationError", o.OnValidationError);
            }

            if (o.VmBootOptimization != null)
            {
                TemplateJson.Ensure(TemplateJson.Ensure(Properties, "optimize"), "vmBoot")["state"] = State(o.VmBootOptimization.Value);
            }

            ApplyNewerFields(o);
            if (o.AutoRun != null)
            {
                TemplateJson.Ensure(Properties, "autoRun")["state"] = State(o.AutoRun.Value);
            }

            Merge(Properties, "managedResourceTags", o.ManagedResourceTags);
            Set(Properties, "stagingResourceGroup", o.StagingResourceGroupId);
            if (o.BuildTimeoutInMinutes != null)
            {
                Properties["buildTimeoutInMinutes"] = o.BuildTimeoutInMinutes.Value;
            }

            ApplyVmProfile(o);
            ApplyTopology(o);
        }

        private void ApplySource(TemplateBuildOptions o)
        {
            var given = new[] { o.SourceUrn != null, o.SourceImageId != null, o.Source != null }.Count(g => g);
            if (given > 1)
            {
                problems.Add(new TemplateProblem(Ids.SourceConflict, "properties.source",
                    "'properties.source': more than one source was given (URN, image id, source object). Choose one."));
                return;
            }

            try
            {
                var source = o.Source ?? (o.SourceUrn != null
                    ? ImageSource.FromUrn(o.SourceUrn)
                    : o.SourceImageId != null ? ImageSource.FromImageId(o.SourceImageId) : null);
                if (source != null)
                {
                    Replace(Properties, "source", source.CloneJson());
                }
            }
            catch (AibException ex)
            {
                problems.Add(new TemplateProblem(ex.Error, ex.Target ?? "properties.source", ex.Message));
            }
        }

        /// <summary>Fields of api-version 2025-10-01; at 2024-02-01 validation refuses them, naming the version.</summary>
        private void ApplyNewerFields(TemplateBuildOptions o)
        {
            if (o.WorkloadOptimization != null || o.WorkloadOptimizationScriptUri != null || o.WorkloadOptimizationSha256Checksum != null)
            {
                var workload = TemplateJson.Ensure(TemplateJson.Ensure(Properties, "optimize"), "workload");
                if (o.WorkloadOptimization != null)
                {
                    workload["state"] = State(o.WorkloadOptimization.Value);
                }

                Set(workload, "scriptUri", o.WorkloadOptimizationScriptUri);
                Set(workload, "sha256Checksum", o.WorkloadOptimizationSha256Checksum);
            }

            Append(Properties, "additionalDataDisks", o.AdditionalDataDiskSizesGB?.Select(size => (JsonNode)new JsonObject { ["sizeGB"] = size }));
        }

        private void ApplyValidation(TemplateBuildOptions o)
        {
            if (o.Validations == null && o.ContinueDistributeOnFailure == null && o.SourceValidationOnly == null)
            {
                return;
            }

            var validate = TemplateJson.Ensure(Properties, "validate");
            if (o.ContinueDistributeOnFailure != null)
            {
                validate["continueDistributeOnFailure"] = o.ContinueDistributeOnFailure.Value;
            }

            if (o.SourceValidationOnly != null)
            {
                validate["sourceValidationOnly"] = o.SourceValidationOnly.Value;
            }

            Append(validate, "inVMValidations", o.Validations?.Select(v => v.CloneJson()));
        }

        private void ApplyVmProfile(TemplateBuildOptions o)
        {
            if (o.VmSize == null && o.OsDiskSizeGB == null && o.VmUserAssignedIdentityIds == null)
            {
                return;
            }

            var profile = TemplateJson.Ensure(Properties, "vmProfile");
            Set(profile, "vmSize", o.VmSize);
            if (o.OsDiskSizeGB != null)
            {
                profile["osDiskSizeGB"] = o.OsDiskSizeGB.Value;
            }

            var existing = (JsonRead.Arr(profile, "userAssignedIdentities") ?? new JsonArray()).Select(i => i?.ToJsonString()).ToList();
            Append(profile, "userAssignedIdentities", o.VmUserAssignedIdentityIds?
                .Where(id => !existing.Contains(JsonValue.Create(id).ToJsonString()))
                .Select(id => (JsonNode)JsonValue.Create(id)!));
        }

        /// <summary>Sets the subnets; an explicit Topology also removes what that topology cannot have.</summary>
        private void ApplyTopology(TemplateBuildOptions o)
        {
            var conflict = o.Topology switch
            {
                NetworkTopology.NoSubnet when o.SubnetId != null || o.ContainerInstanceSubnetId != null || o.ProxyVmSize != null
                    => "NoSubnet takes no subnet and no proxy VM size",
                NetworkTopology.BuildSubnetOnly when o.ContainerInstanceSubnetId != null => "BuildSubnetOnly takes no container instance subnet",
                NetworkTopology.BuildAndAciSubnets when o.ProxyVmSize != null => "BuildAndAciSubnets has no proxy VM, so no proxy VM size",
                _ => null,
            };
            if (conflict != null)
            {
                problems.Add(new TemplateProblem(Ids.TopologyConflict, VnetPath,
                    $"'{VnetPath}': the topology {o.Topology} conflicts with the subnet options given: {conflict}. "
                        + "Drop those options or choose another topology."));
                return;
            }

            if (o.SubnetId == null && o.ContainerInstanceSubnetId == null && o.ProxyVmSize == null && o.Topology == null)
            {
                return;
            }

            var vnet = TemplateJson.Ensure(TemplateJson.Ensure(Properties, "vmProfile"), "vnetConfig");
            Set(vnet, "subnetId", o.SubnetId);
            Set(vnet, "containerInstanceSubnetId", o.ContainerInstanceSubnetId);
            Set(vnet, "proxyVmSize", o.ProxyVmSize);
            switch (o.Topology)
            {
                case NetworkTopology.NoSubnet:
                    Remove(vnet, "subnetId", "containerInstanceSubnetId", "proxyVmSize");
                    break;
                case NetworkTopology.BuildSubnetOnly:
                    Remove(vnet, "containerInstanceSubnetId");
                    RequireSubnet(vnet, "subnetId", "BuildSubnetOnly");
                    break;
                case NetworkTopology.BuildAndAciSubnets:
                    Remove(vnet, "proxyVmSize");
                    RequireSubnet(vnet, "subnetId", "BuildAndAciSubnets");
                    RequireSubnet(vnet, "containerInstanceSubnetId", "BuildAndAciSubnets");
                    break;
            }

            if (vnet.Count == 0)
            {
                JsonRead.Obj(Properties, "vmProfile")!.Remove("vnetConfig");
            }
        }

        private void RequireSubnet(JsonObject vnet, string key, string topology)
        {
            if (string.IsNullOrEmpty(JsonRead.StrictStr(vnet, key)))
            {
                problems.Add(new TemplateProblem(Ids.TopologyRequiresSubnet, $"{VnetPath}.{key}",
                    $"The topology {topology} needs '{VnetPath}.{key}', which neither the options nor the file give: "
                    + "pass the subnet's resource id."));
            }
        }

        private void Remove(JsonObject vnet, params string[] keys)
        {
            foreach (var key in keys.Where(vnet.ContainsKey))
            {
                notes.Add($"Removed '{VnetPath}.{key}' ({vnet[key]?.ToJsonString()}) to move the template to the requested topology.");
                vnet.Remove(key);
            }
        }

        private void Set(JsonObject target, string key, string? value)
        {
            if (value != null)
            {
                target[key] = value;
            }
        }

        private void Replace(JsonObject target, string key, JsonObject value)
        {
            if (target[key] != null && !JsonNode.DeepEquals(target[key], value))
            {
                notes.Add($"Replaced '{key}' of the template file: {target[key]!.ToJsonString()}.");
            }

            target[key] = value;
        }

        private static void Merge(JsonObject target, string key, IDictionary<string, string>? values)
        {
            if (values == null)
            {
                return;
            }

            var map = TemplateJson.Ensure(target, key);
            foreach (var pair in values)
            {
                map[pair.Key] = pair.Value;
            }
        }

        private static void Append(JsonObject target, string key, IEnumerable<JsonNode>? items)
        {
            if (items == null)
            {
                return;
            }

            if (!(target[key] is JsonArray array))
            {
                target[key] = array = new JsonArray();
            }

            foreach (var item in items)
            {
                array.Add(item);
            }
        }

        private static string State(bool enabled) => enabled ? "Enabled" : "Disabled";
    }
}
