using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// An imageTemplates resource. The JSON is kept whole (every field, known or not, in its order and casing);
    /// the properties below read the fields the module acts on, and the To…Json methods export it.
    /// </summary>
    public sealed class ImageTemplateDocument
    {
        private static readonly string[] LeadingKeys = { "type", "apiVersion", "name", "location", "identity", "tags", "properties" };
        private static readonly string[] RequestKeys = { "location", "identity", "tags", "properties" };

        internal ImageTemplateDocument(JsonObject resource, string? resourceGroupName = null, IEnumerable<string>? notes = null)
        {
            Resource = InCanonicalOrder(resource);
            ResourceGroupName = resourceGroupName;
            Notes = (notes ?? Enumerable.Empty<string>()).ToList();
        }

        public string ApiVersion => JsonRead.StrictStr(Resource, "apiVersion") ?? ArmApiVersions.ImageTemplates;

        public string? Name => JsonRead.StrictStr(Resource, "name");

        public string? Location => JsonRead.StrictStr(Resource, "location");

        /// <summary>The resource group the template is to be created in (not part of the resource JSON).</summary>
        public string? ResourceGroupName { get; }

        /// <summary>The SourceImage trigger that goes with the template (an imageTemplates/triggers child resource), or null.</summary>
        public string? TriggerName { get; internal set; }

        /// <summary>What the import changed on its way (read-only fields removed, casing fixed, ...), for the verbose stream.</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>The one user-assigned identity of the template, or null.</summary>
        public string? IdentityId => UserAssignedIdentityIds.Count == 1 ? UserAssignedIdentityIds[0] : null;

        public IReadOnlyList<string> UserAssignedIdentityIds =>
            JsonRead.Obj(JsonRead.Obj(Resource, "identity"), "userAssignedIdentities")?.Select(p => p.Key).ToList() ?? new List<string>();

        public string? SourceType => JsonRead.StrictStr(JsonRead.Obj(Properties, "source"), "type");

        public string? SubnetId => JsonRead.StrictStr(VnetConfig, "subnetId");

        public string? ContainerInstanceSubnetId => JsonRead.StrictStr(VnetConfig, "containerInstanceSubnetId");

        public string? ProxyVmSize => JsonRead.StrictStr(VnetConfig, "proxyVmSize");

        public string? VmSize => JsonRead.StrictStr(VmProfile, "vmSize");

        /// <summary>Identities attached to the build VM (vmProfile.userAssignedIdentities).</summary>
        public IReadOnlyList<string> VmUserAssignedIdentityIds =>
            (JsonRead.Arr(VmProfile, "userAssignedIdentities") ?? new JsonArray()).Select(n => n.StrictStr()).OfType<string>().ToList();

        public int? OsDiskSizeGB => JsonRead.StrictInt(VmProfile, "osDiskSizeGB");

        public string? StagingResourceGroupId => JsonRead.StrictStr(Properties, "stagingResourceGroup");

        public int? BuildTimeoutInMinutes => JsonRead.StrictInt(Properties, "buildTimeoutInMinutes");

        public IReadOnlyDictionary<string, string> Tags => StringMap(JsonRead.Obj(Resource, "tags"));

        public IReadOnlyDictionary<string, string> ManagedResourceTags => StringMap(JsonRead.Obj(Properties, "managedResourceTags"));

        public IReadOnlyList<ImageCustomizer> Customizers =>
            (JsonRead.Arr(Properties, "customize") ?? new JsonArray()).OfType<JsonObject>()
                .Select(c => ImageCustomizer.Wrap((JsonObject)c.DeepClone())).ToList();

        public ImageSource? Source
            => JsonRead.Obj(Properties, "source") is JsonObject source ? ImageSource.Wrap((JsonObject)source.DeepClone()) : null;

        public IReadOnlyList<ImageValidation> Validations =>
            (JsonRead.Arr(JsonRead.Obj(Properties, "validate"), "inVMValidations") ?? new JsonArray()).OfType<JsonObject>()
                .Select(v => ImageValidation.Wrap((JsonObject)v.DeepClone())).ToList();

        public IReadOnlyList<ImageDistributor> Distributors =>
            (JsonRead.Arr(Properties, "distribute") ?? new JsonArray()).OfType<JsonObject>()
                .Select(d => ImageDistributor.Wrap((JsonObject)d.DeepClone())).ToList();

        public IReadOnlyList<string> RunOutputNames =>
            (JsonRead.Arr(Properties, "distribute") ?? new JsonArray()).Select(d => JsonRead.StrictStr(d, "runOutputName")).OfType<string>().ToList();

        /// <summary>True when a validation VM is deployed: the template has in-VM validations.</summary>
        public bool HasValidation => (JsonRead.Arr(JsonRead.Obj(Properties, "validate"), "inVMValidations")?.Count ?? 0) > 0;

        /// <summary>NoSubnet, BuildSubnetOnly or BuildAndAciSubnets, from vnetConfig (meaningful once the template validates).</summary>
        public NetworkTopology Topology => NetworkTopologies.FromSubnets(SubnetId, ContainerInstanceSubnetId);

        /// <summary>The resources AIB will create in the staging resource group for this template.</summary>
        public IReadOnlyList<StagingResource> StagingPlan => Core.Topology.StagingPlan.For(Topology, HasValidation, MayBeWindows, ProxyVmSize);

        /// <summary>Whether the build may be a Windows one: Windows steps, a Windows marketplace image, or an image we cannot see into.</summary>
        public bool MayBeWindows
        {
            get
            {
                var steps = (JsonRead.Arr(Properties, "customize") ?? new JsonArray())
                    .Concat(JsonRead.Arr(JsonRead.Obj(Properties, "validate"), "inVMValidations") ?? new JsonArray())
                    .Select(s => JsonRead.StrictStr(s, "type"))
                    .ToList();
                if (steps.Any(t => t == "PowerShell" || t == "WindowsRestart" || t == "WindowsUpdate"))
                {
                    return true;
                }

                var source = JsonRead.Obj(Properties, "source");
                if (SourceType == "PlatformImage")
                {
                    var text = $"{JsonRead.StrictStr(source, "publisher")} {JsonRead.StrictStr(source, "offer")}";
                    return text.IndexOf("windows", StringComparison.OrdinalIgnoreCase) >= 0
                        || text.IndexOf("visualstudio", StringComparison.OrdinalIgnoreCase) >= 0;
                }

                return !steps.Contains("Shell");
            }
        }

        internal JsonObject Resource { get; }

        internal JsonObject? Properties => JsonRead.Obj(Resource, "properties");

        private JsonObject? VmProfile => JsonRead.Obj(Properties, "vmProfile");

        private JsonObject? VnetConfig => JsonRead.Obj(VmProfile, "vnetConfig");

        /// <summary>Reads a template file in any form and api-version as it is: no move, no validation.</summary>
        public static ImageTemplateDocument Parse(string json, string? resourceGroupName = null)
        {
            var content = TemplateFileReader.Read(json);
            var expressions = content.UnresolvedExpressions().ToList();
            if (expressions.Count > 0)
            {
                throw new TemplateValidationException(expressions);
            }

            return new ImageTemplateDocument(content.Resource, resourceGroupName, content.Notes);
        }

        /// <summary>Every local problem of the template (empty when it can be sent).</summary>
        public IReadOnlyList<TemplateProblem> Validate() => TemplateValidator.Validate(this);

        /// <summary>The resource: type, apiVersion, name, location, identity, tags, properties (and any other field it had).</summary>
        public string ToResourceJson() => TemplateJson.Write(Resource);

        /// <summary>The body of the PUT: location, identity, tags, properties.</summary>
        public string ToRequestBodyJson()
        {
            var body = new JsonObject();
            foreach (var key in RequestKeys.Where(Resource.ContainsKey))
            {
                body[key] = Resource[key]!.DeepClone();
            }

            return TemplateJson.Write(body);
        }

        /// <summary>An ARM deployment template holding the resource, for New-AzResourceGroupDeployment or az deployment group create.</summary>
        public string ToDeploymentTemplateJson()
        {
            var template = new JsonObject
            {
                ["$schema"] = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                ["contentVersion"] = "1.0.0.0",
                ["resources"] = new JsonArray(EscapeArmStrings(Resource.DeepClone())),
            };
            if (TriggerName != null)
            {
                // The form the Bicep CLI compiles a child resource with 'parent' to: a name expression and a dependsOn.
                template["resources"]!.AsArray().Add(new JsonObject
                {
                    ["type"] = ArmId.ImageTemplatesType + "/triggers",
                    ["apiVersion"] = ApiVersion,
                    ["name"] = $"[format('{{0}}/{{1}}', {ArmStringLiteral(Name!)}, {ArmStringLiteral(TriggerName)})]",
                    ["properties"] = new JsonObject { ["kind"] = "SourceImage" },
                    ["dependsOn"] = new JsonArray($"[resourceId('{ArmId.ImageTemplatesType}', {ArmStringLiteral(Name!)})]"),
                });
            }
            return TemplateJson.Write(template);
        }

        /// <summary>A .bicep file declaring the resource (symbolic name imageTemplate).</summary>
        public string ToBicep()
        {
            var body = new JsonObject();
            var omitted = new List<string>();
            foreach (var pair in Resource)
            {
                if (pair.Key == "type" || pair.Key == "apiVersion")
                {
                    continue;
                }

                if (LeadingKeys.Contains(pair.Key))
                {
                    body[pair.Key] = pair.Value?.DeepClone();
                }
                else
                {
                    omitted.Add(pair.Key);
                }
            }

            string bicep = BicepWriter.Resource("imageTemplate", ArmId.ImageTemplatesType, ApiVersion, body, omitted);
            if (TriggerName == null)
            {
                return bicep;
            }

            var trigger = new JsonObject { ["name"] = TriggerName, ["properties"] = new JsonObject { ["kind"] = "SourceImage" } };
            return bicep + "\n" + BicepWriter.ChildResource("sourceImageTrigger", ArmId.ImageTemplatesType + "/triggers", "imageTemplate", ApiVersion, trigger);
        }

        public override string ToString() => $"{Name} ({Topology}, api-version {ApiVersion})";

        private static JsonObject InCanonicalOrder(JsonObject resource)
        {
            var ordered = new JsonObject
            {
                ["type"] = ArmId.ImageTemplatesType,
                ["apiVersion"] = resource["apiVersion"]?.DeepClone() ?? ArmApiVersions.ImageTemplates,
            };
            foreach (var key in LeadingKeys.Skip(2).Where(resource.ContainsKey))
            {
                ordered[key] = resource[key]?.DeepClone();
            }

            foreach (var pair in resource.Where(p => !LeadingKeys.Contains(p.Key)))
            {
                ordered[pair.Key] = pair.Value?.DeepClone();
            }

            return ordered;
        }

        private static IReadOnlyDictionary<string, string> StringMap(JsonObject? map) =>
            (map ?? new JsonObject())
                .Where(p => p.Value?.GetValueKind() == JsonValueKind.String)
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);

        /// <summary>A string literal inside an ARM template expression: single quotes doubled.</summary>
        private static string ArmStringLiteral(string value) => "'" + value.Replace("'", "''") + "'";

        private static JsonNode EscapeArmStrings(JsonNode node)
        {
            var strings = new List<JsonValue>();
            Collect(node);
            foreach (var value in strings)
            {
                value.ReplaceWith(TemplateJson.EscapeForArm(value.GetValue<string>()));
            }

            return node;

            void Collect(JsonNode? n)
            {
                if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    strings.Add(v);
                }
                else if (n is JsonObject o)
                {
                    o.Select(p => p.Value).ToList().ForEach(Collect);
                }
                else if (n is JsonArray a)
                {
                    a.ToList().ForEach(Collect);
                }
            }
        }
    }
}
