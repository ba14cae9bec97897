using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Rules on the resource as a whole: api-version, name, resource group, identity, tags, staging group, timeout.</summary>
    internal static class ResourceRules
    {
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9-_.]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ResourceGroupPattern = new Regex(@"^[-\w._()]{1,90}$", RegexOptions.CultureInvariant);
        private static readonly char[] TagNameForbidden = { '<', '>', '%', '&', '\\', '?', '/' };

        public static void Check(ImageTemplateDocument doc, ProblemList problems)
        {
            if (!ArmApiVersions.IsSupportedImageTemplateVersion(doc.ApiVersion))
            {
                problems.Add(Ids.UnsupportedApiVersion, "apiVersion",
                    $"'apiVersion' is '{doc.ApiVersion}': isolated-build templates are written for "
                        + $"{string.Join(" or ", ArmApiVersions.SupportedImageTemplateVersions)}. Choose one of those; "
                        + $"files of older api-versions are moved to {ArmApiVersions.ImageTemplates} on import.");
            }

            CheckName(doc, problems);
            if (string.IsNullOrWhiteSpace(doc.Location))
            {
                problems.Add(Ids.LocationMissing, "location",
                    "'location' is missing: set the Azure region the template is created in (the staging resource group, "
                        + "subnets and source must be there too).");
            }

            CheckIdentity(doc, problems);
            CheckTags(JsonRead.Obj(doc.Resource, "tags"), "tags", problems);
            CheckTags(JsonRead.Obj(doc.Properties, "managedResourceTags"), "properties.managedResourceTags", problems);
            CheckStagingResourceGroup(doc, problems);

            if (doc.BuildTimeoutInMinutes is int timeout && (timeout < 0 || timeout > 960 || (timeout >= 1 && timeout <= 5)))
            {
                var why = timeout >= 1 && timeout <= 5
                    ? "1 to 5 minutes fail at once (the build's token must stay valid for at least 5 minutes: "
                        + "'client_jwt will expire within 5 minutes')"
                    : "the service accepts 0 to 960";
                problems.Add(Ids.BuildTimeoutOutOfRange, "properties.buildTimeoutInMinutes",
                    $"'properties.buildTimeoutInMinutes' is {timeout}: {why}. Use 0 (the default, 240 minutes) or 6 to 960.");
            }
        }

        private static void CheckName(ImageTemplateDocument doc, ProblemList problems)
        {
            if (string.IsNullOrEmpty(doc.Name))
            {
                problems.Add(Ids.NameMissing, "name", "'name' is missing: give the image template a name (1-64 letters, digits, '-', '_' or '.').");
            }
            else if (!NamePattern.IsMatch(doc.Name))
            {
                problems.Add(Ids.InvalidName, "name",
                    $"'name' is '{doc.Name}': an image template name has 1 to 64 letters, digits, '-', '_' or '.'.");
            }

            if (doc.ResourceGroupName != null
                && (!ResourceGroupPattern.IsMatch(doc.ResourceGroupName) || doc.ResourceGroupName.EndsWith(".", StringComparison.Ordinal)))
            {
                problems.Add(Ids.InvalidResourceGroupName, "resourceGroupName",
                    $"'resourceGroupName' is '{doc.ResourceGroupName}', which is not a resource group name: "
                        + "use 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'.");
            }
        }

        private static void CheckIdentity(ImageTemplateDocument doc, ProblemList problems)
        {
            const string fix =
                "give the template exactly one user-assigned identity: {\"type\": \"UserAssigned\", \"userAssignedIdentities\": "
                    + "{\"<identity resource id>\": {}}}";
            var identity = JsonRead.Obj(doc.Resource, "identity");
            if (identity == null)
            {
                problems.Add(Ids.IdentityMissing, "identity", $"'identity' is missing: {fix}.");
                return;
            }

            var type = JsonRead.StrictStr(identity, "type");
            if (type == null || type == "None")
            {
                problems.Add(Ids.IdentityMissing, "identity.type", $"'identity.type' is {(type == null ? "missing" : "'None'")}: {fix}.");
                return;
            }

            var ids = doc.UserAssignedIdentityIds;
            if (ids.Count == 0)
            {
                problems.Add(Ids.IdentityMissing, "identity.userAssignedIdentities", $"'identity.userAssignedIdentities' is empty: {fix}.");
            }
            else if (ids.Count > 1)
            {
                problems.Add(Ids.IdentityNotSingle, "identity.userAssignedIdentities",
                    $"'identity.userAssignedIdentities' has {ids.Count} identities: an image template takes exactly one. Keep one; "
                        + "identities the build VM needs go in properties.vmProfile.userAssignedIdentities.");
            }

            foreach (var id in ids)
            {
                problems.ResourceId(id, JsonPath.Child("identity.userAssignedIdentities", id), "a user-assigned managed identity",
                    "Microsoft.ManagedIdentity/userAssignedIdentities");
            }
        }

        /// <summary>Azure's tag limits: 50 tags, names up to 512 characters without &lt; &gt; % &amp; \ ? /, values up to 256.</summary>
        internal static void CheckTags(JsonObject? tags, string path, ProblemList problems)
        {
            if (tags == null)
            {
                return;
            }

            if (tags.Count > 50)
            {
                problems.Add(Ids.TagInvalid, path, $"'{path}' has {tags.Count} tags: Azure allows at most 50. Remove some.");
            }

            foreach (var pair in tags)
            {
                var tagPath = JsonPath.Child(path, pair.Key);
                var value = pair.Value.StrictStr();
                if (pair.Key.Length == 0 || pair.Key.Length > 512 || pair.Key.IndexOfAny(TagNameForbidden) >= 0)
                {
                    problems.Add(Ids.TagInvalid, tagPath,
                        $"The tag name at '{tagPath}' is not allowed: use 1 to 512 characters without < > % & \\ ? /.");
                }
                else if (value != null && value.Length > 256)
                {
                    problems.Add(Ids.TagInvalid, tagPath,
                        $"The tag value at '{tagPath}' has {value.Length} characters: Azure allows at most 256. Shorten it.");
                }
            }
        }

        private static void CheckStagingResourceGroup(ImageTemplateDocument doc, ProblemList problems)
        {
            const string path = "properties.stagingResourceGroup";
            var id = problems.ResourceId(doc.StagingResourceGroupId, path, "a resource group (/subscriptions/{id}/resourceGroups/{name})",
                ArmId.ResourceGroupType);
            if (id != null && string.Equals(id.ResourceGroup, doc.ResourceGroupName, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Ids.StagingResourceGroupIsTemplateGroup, path,
                    $"'{path}' is the template's own resource group '{doc.ResourceGroupName}': "
                        + "the staging resource group must be empty and used by this template alone. "
                        + $"Give another group, or omit it to let AIB create IT_{doc.ResourceGroupName}_{doc.Name}_<guid>.");
            }
        }
    }
}
