using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using NewTemplate = IsolatedImageBuilds.Core.CommandNames.NewAibIsolatedTemplate;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>The template as Azure holds it after a deploy.</summary>
    public sealed class DeployedTemplate
    {
        public string Id { get; set; } = string.Empty;
        public string? ProvisioningState { get; set; }
        public string? ExactStagingResourceGroup { get; set; }
        public bool Replaced { get; set; }

        /// <summary>Triggers PUT after the template: the one asked for, and those the replaced template had.</summary>
        public System.Collections.Generic.List<string> Triggers { get; } = new System.Collections.Generic.List<string>();
    }

    /// <summary>
    /// Creates an image template in Azure and waits for its provisioning. Azure refuses updates of most
    /// fields ("Update/Upgrade of image templates is currently not supported"), so an existing template
    /// is an error unless the caller asks to replace it: delete, wait, create.
    /// </summary>
    public sealed class TemplateDeployer
    {
        private readonly AibConnection _connection;
        private readonly LongRunningOperationPoller _poller;

        public TemplateDeployer(AibConnection connection, TimeSpan? pollInterval = null)
        {
            _connection = connection;
            _poller = new LongRunningOperationPoller(connection.Arm, pollInterval ?? TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
        }

        public async Task<DeployedTemplate> DeployAsync(ImageTemplateDocument template, bool replace, Action<string>? status,
            CancellationToken cancellationToken)
        {
            string resourceGroup = template.ResourceGroupName ?? throw new AibException(TemplateErrorIds.ResourceGroupMissing,
                $"Deploying needs -{NewTemplate.ResourceGroupName}: the resource group the image template is created in.",
                NewTemplate.ResourceGroupName);
            string name = template.Name!;
            string path = _connection.ImageTemplateId(resourceGroup, name);
            ArmRequestSender arm = _connection.Arm;

            bool exists = await ExistsAsync(path, template.ApiVersion, cancellationToken).ConfigureAwait(false);
            if (exists && !replace)
            {
                throw AlreadyExists(name, resourceGroup, path);
            }
            // Deleting a template deletes its triggers silently: remember them to recreate them after the new template.
            var triggers = new Core.Triggers.TriggerClient(_connection, template.ApiVersion);
            var keptTriggers = exists
                ? (await triggers.ListAsync(path, cancellationToken).ConfigureAwait(false)).Select(t => t.Name).ToList()
                : new System.Collections.Generic.List<string>();
            if (template.TriggerName != null)
            {
                await triggers.RequireFeatureAsync(null, cancellationToken).ConfigureAwait(false);
            }
            if (exists)
            {
                status?.Invoke($"Deleting the existing template {name} (-{NewTemplate.Force})");
                ArmResponse deleting =
                    await arm.SendAsync(new ArmRequest("DELETE", path, template.ApiVersion), cancellationToken).ConfigureAwait(false);
                await _poller.WaitAsync(deleting, "DELETE " + path, s => status?.Invoke($"Deleting {name}: {s.Status}"), cancellationToken)
                    .ConfigureAwait(false);
            }

            status?.Invoke($"Creating {name}");
            ArmResponse created;
            try
            {
                var put = new ArmRequest("PUT", path, template.ApiVersion, JsonNode.Parse(template.ToRequestBodyJson()));
                created = await arm.SendAsync(put, cancellationToken).ConfigureAwait(false);
            }
            catch (AibArmException ex) when (ex.Status == 409 && !replace)
            {
                throw AlreadyExists(name, resourceGroup, path, ex);
            }
            await _poller.WaitAsync(created, "PUT " + path, s => status?.Invoke($"Creating {name}: {s.Status}"), cancellationToken)
                .ConfigureAwait(false);

            ArmResponse final = await arm.SendAsync(ArmRequest.Get(path, template.ApiVersion), cancellationToken).ConfigureAwait(false);
            JsonNode? properties = final.Json?["properties"];
            string? state = properties.Str("provisioningState");
            if (string.Equals(state, "Failed", StringComparison.OrdinalIgnoreCase))
            {
                JsonNode? error = properties?["provisioningError"];
                throw new AibArmException(200, error.Str("provisioningErrorCode") ?? "ProvisioningFailed",
                    error.Str("message") ?? "The template's provisioning failed without a message.", null,
                    final.Header("x-ms-request-id"), final.Header("x-ms-correlation-request-id"), "PUT", path);
            }
            var deployed = new DeployedTemplate
            {
                Id = final.Json.Str("id") ?? path,
                ProvisioningState = state,
                ExactStagingResourceGroup = properties.Str("exactStagingResourceGroup"),
                Replaced = exists,
            };
            if (template.TriggerName != null && !keptTriggers.Contains(template.TriggerName, StringComparer.OrdinalIgnoreCase))
            {
                keptTriggers.Add(template.TriggerName);
            }
            foreach (string trigger in keptTriggers)
            {
                status?.Invoke(exists ? $"Recreating the trigger {trigger} of {name}" : $"Creating the trigger {trigger}");
                await triggers.PutAsync(path + "/triggers/" + trigger, cancellationToken).ConfigureAwait(false);
                deployed.Triggers.Add(trigger);
            }
            return deployed;
        }

        private async Task<bool> ExistsAsync(string path, string apiVersion, CancellationToken cancellationToken)
        {
            try
            {
                await _connection.Arm.SendAsync(ArmRequest.Get(path, apiVersion), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AibArmException ex) when (ex.Status == 404)
            {
                return false;
            }
        }

        private static AibException AlreadyExists(string name, string resourceGroup, string path, Exception? inner = null)
            => new AibException(TemplateErrorIds.AlreadyExists,
                $"An image template named {name} already exists in resource group {resourceGroup}, "
                + "and Azure does not update image templates in place. "
                + $"Use -{NewTemplate.Force} to delete and recreate it, or choose another -{NewTemplate.TemplateName}.",
                path, inner);
    }
}
