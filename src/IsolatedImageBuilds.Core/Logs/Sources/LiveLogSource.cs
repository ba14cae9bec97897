using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Logs.Sources
{
    /// <summary>
    /// The live log of a running build: the ACI container group vmimagebuilder-build-container-* in the
    /// staging resource group, its container found by listing (the name is not documented), and the
    /// container-logs endpoint. ACI keeps up to 4 MB while running; AIB deletes the group after the build.
    /// </summary>
    public sealed class LiveLogSource
    {
        public const string ContainerGroupPrefix = "vmimagebuilder-build-container";
        private readonly AibConnection _connection;

        private LiveLogSource(AibConnection connection, string containerGroupId, string containerName)
        {
            _connection = connection;
            ContainerGroupId = containerGroupId;
            ContainerName = containerName;
        }

        public string ContainerGroupId { get; }
        public string ContainerName { get; }

        /// <summary>The build's container in the staging group, or null when there is none (not started, or already removed).</summary>
        public static async Task<LiveLogSource?> FindAsync(AibConnection connection, string stagingResourceGroupId,
            CancellationToken cancellationToken)
        {
            string list = stagingResourceGroupId.TrimEnd('/') + "/providers/Microsoft.ContainerInstance/containerGroups";
            ArmResponse groups;
            try
            {
                groups = await connection.Arm.SendAsync(ArmRequest.Get(list, ArmApiVersions.ContainerInstance), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (AibArmException ex) when (ex.Status == 404)
            {
                return null;
            }
            JsonNode? group = (groups.Json?["value"] as JsonArray)?
                .FirstOrDefault(g => g.Str("name")?.StartsWith(ContainerGroupPrefix, StringComparison.OrdinalIgnoreCase) == true);
            if (group == null)
            {
                return null;
            }
            string id = group["id"]!.GetValue<string>();
            JsonNode? containers = group["properties"]?["containers"];
            if (containers == null)
            {
                ArmResponse full = await connection.Arm.SendAsync(ArmRequest.Get(id, ArmApiVersions.ContainerInstance), cancellationToken)
                    .ConfigureAwait(false);
                containers = full.Json?["properties"]?["containers"];
            }
            string? container = containers.Items().FirstOrDefault().Str("name");
            return container == null ? null : new LiveLogSource(connection, id, container);
        }

        /// <summary>The log content (lines prefixed with their RFC 3339 time), or null once the container group is gone.</summary>
        public async Task<string?> ReadAsync(int? tail, CancellationToken cancellationToken)
        {
            string path = $"{ContainerGroupId}/containers/{ContainerName}/logs?timestamps=true" + (tail is int n ? "&tail=" + n : string.Empty);
            try
            {
                ArmResponse response = await _connection.Arm.SendAsync(ArmRequest.Get(path, ArmApiVersions.ContainerInstance), cancellationToken)
                    .ConfigureAwait(false);
                return response.Json.Str("content") ?? string.Empty;
            }
            catch (AibArmException ex) when (ex.Status == 404)
            {
                return null;
            }
        }
    }
}
