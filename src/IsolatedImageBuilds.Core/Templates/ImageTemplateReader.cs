using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>An image template as Azure holds it now: the document (read-only fields removed) and its last run.</summary>
    public sealed class ImageTemplateSnapshot
    {
        internal ImageTemplateSnapshot(ImageTemplateDocument document, BuildRun lastRun, JsonNode answer)
        {
            Document = document;
            LastRun = lastRun;
            Id = answer.Str("id") ?? lastRun.TemplateId;
            ProvisioningState = answer["properties"].Str("provisioningState");
            ProvisioningError = answer["properties"]?["provisioningError"].Str("message");
        }

        public string Id { get; }

        public string? ProvisioningState { get; }

        public string? ProvisioningError { get; }

        public ImageTemplateDocument Document { get; }

        public BuildRun LastRun { get; }

        public string SubscriptionId => LastRun.SubscriptionId;
    }

    /// <summary>Reads a deployed image template by subscription, resource group and name (an inventory record's keys).</summary>
    public static class ImageTemplateReader
    {
        public static async Task<ImageTemplateSnapshot> ReadAsync(AibConnection connection, string resourceGroup, string name,
            CancellationToken cancellationToken)
        {
            string path = connection.ImageTemplateId(resourceGroup, name);
            ArmResponse response = await connection.Arm.SendAsync(ArmRequest.Get(path, ArmApiVersions.ImageTemplates), cancellationToken)
                .ConfigureAwait(false);
            BuildRun lastRun = ImageTemplateStatus.Read(response.Json!, connection.SubscriptionId);
            // The GET answer is a resource without apiVersion: read as a template of the version it was read at.
            var resource = TemplateFileReader.Read(response.Body!).Resource;
            resource["apiVersion"] = ArmApiVersions.ImageTemplates;
            var notes = new List<string>();
            SpecNormaliser.Normalise(resource, SwaggerShape.For(ArmApiVersions.ImageTemplates)!, false, notes);
            return new ImageTemplateSnapshot(new ImageTemplateDocument(resource, resourceGroup, notes), lastRun, response.Json!);
        }
    }
}
