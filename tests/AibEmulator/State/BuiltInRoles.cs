using System.Text.Json.Nodes;

namespace AibEmulator.State;

/// <summary>The built-in role definitions the AIB docs talk about (ids and actions as in Azure).</summary>
public static class BuiltInRoles
{
    public const string ContributorId = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string NetworkContributorId = "4d97b98b-1d4f-4787-a291-c67834d212e7";

    public static readonly (string Id, string Name, string[] Actions, string[] NotActions)[] All =
    [
        ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", ["*"], []),
        (ContributorId, "Contributor", ["*"],
            ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action",
             "Microsoft.Blueprint/blueprintAssignments/write", "Microsoft.Blueprint/blueprintAssignments/delete",
             "Microsoft.Compute/galleries/share/action", "Microsoft.Purview/consents/write", "Microsoft.Purview/consents/delete"]),
        ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", ["*/read"], []),
        (NetworkContributorId, "Network Contributor",
            ["Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Network/*",
             "Microsoft.ResourceHealth/availabilityStatuses/read", "Microsoft.Resources/deployments/*",
             "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*"], []),
        ("f1a07417-d97a-45cb-824c-7a7467783830", "Managed Identity Operator",
            ["Microsoft.ManagedIdentity/userAssignedIdentities/*/read", "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
             "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/subscriptions/resourceGroups/read",
             "Microsoft.Resources/deployments/*", "Microsoft.Support/*"], []),
        ("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
            ["Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"], []),
    ];

    public static JsonObject Definition(string subscriptionId, string id, string name, string type, IEnumerable<string> actions, IEnumerable<string> notActions, string? description = null) => new()
    {
        ["id"] = $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{id}",
        ["name"] = id,
        ["type"] = "Microsoft.Authorization/roleDefinitions",
        ["properties"] = new JsonObject
        {
            ["roleName"] = name,
            ["type"] = type,
            ["description"] = description ?? name,
            ["assignableScopes"] = new JsonArray("/"),
            ["permissions"] = new JsonArray(new JsonObject
            {
                ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()),
                ["notActions"] = new JsonArray(notActions.Select(a => (JsonNode)a).ToArray()),
                ["dataActions"] = new JsonArray(),
                ["notDataActions"] = new JsonArray(),
            }),
        },
    };
}
