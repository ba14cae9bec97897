using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Templates;

namespace IsolatedImageBuilds.Core.Triggers
{
    /// <summary>Creates, reads and deletes the SourceImage triggers of one image template (Triggers_* operations).</summary>
    public sealed class TriggerClient
    {
        /// <summary>The name the REST examples and az image builder use for a template's SourceImage trigger.</summary>
        public const string DefaultName = "source";
        public const string FeatureId = "Microsoft.VirtualMachineImages/Triggers";

        private readonly AibConnection _connection;
        private readonly LongRunningOperationPoller _poller;
        private readonly string _apiVersion;

        public TriggerClient(AibConnection connection, string? apiVersion = null, TimeSpan? pollInterval = null)
        {
            _connection = connection;
            _apiVersion = apiVersion ?? ArmApiVersions.ImageTemplates;
            _poller = new LongRunningOperationPoller(connection.Arm, pollInterval ?? TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200));
        }

        /// <summary>The Triggers feature of a subscription (Features_Get: providers/{namespace}/features/{name}).</summary>
        public static string FeaturePathIn(string subscriptionId)
            => $"/subscriptions/{subscriptionId}/providers/Microsoft.Features/providers/Microsoft.VirtualMachineImages/features/Triggers";

        /// <summary>An image template's id, in another subscription than the connection's when one is given.</summary>
        public string TemplateId(string resourceGroup, string template, string? subscriptionId = null)
            => ArmId.InResourceGroup(subscriptionId ?? _connection.SubscriptionId, resourceGroup, ArmId.ImageTemplatesType, template).Text;

        public async Task<IReadOnlyList<SourceImageTrigger>> ListAsync(string templateId, CancellationToken ct)
        {
            var triggers = new List<SourceImageTrigger>();
            string? next = templateId + "/triggers";
            while (next != null)
            {
                ArmResponse page = await _connection.Arm.SendAsync(ArmRequest.Get(next, _apiVersion), ct)
                    .ConfigureAwait(false);
                foreach (JsonNode? item in page.Json?["value"] as JsonArray ?? new JsonArray())
                {
                    if (item != null) triggers.Add(SourceImageTrigger.Read(item));
                }
                next = page.Json.Str("nextLink");
                if (string.IsNullOrEmpty(next)) next = null;
            }
            return triggers;
        }

        /// <summary>
        /// Checks what can be checked first (the template's source and distribution, its state, one trigger per template,
        /// the Triggers feature), then PUTs the trigger and waits for it.
        /// </summary>
        public async Task<SourceImageTrigger> CreateAsync(string templateId, string name, CancellationToken ct)
        {
            string path = templateId;
            string template = ArmId.NameOf(templateId);
            ArmResponse found = await _connection.Arm.SendAsync(ArmRequest.Get(path, _apiVersion), ct).ConfigureAwait(false);
            var document = ImageTemplateDocument.Parse(found.Json!.ToJsonString(), ArmId.ResourceGroupOf(templateId));
            AibException? refused = TriggerRules.Check(document).FirstOrDefault();
            if (refused != null) throw refused;
            string? state = found.Json?["properties"].Str("provisioningState");
            if (!string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase))
            {
                throw new AibException(TriggerErrorIds.TemplateNotSucceeded,
                    $"The image template {template} is in provisioning state '{state}': a trigger can only be added to a template in state "
                    + "'Succeeded'. Wait for its creation, or recreate it if it failed.", path);
            }
            SourceImageTrigger? other = (await ListAsync(templateId, ct).ConfigureAwait(false))
                .FirstOrDefault(t => !string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            if (other != null)
            {
                throw new AibException(TriggerErrorIds.OnePerTemplate,
                    $"The image template {template} already has the SourceImage trigger '{other.Name}': Image Builder takes one per template. "
                    + $"Remove it first ({CommandNames.RemoveAibTrigger.Name}) or keep it.", other.Id);
            }
            await RequireFeatureAsync(ArmId.SubscriptionOf(templateId), ct).ConfigureAwait(false);
            return await PutAsync(path + "/triggers/" + name, ct).ConfigureAwait(false);
        }

        /// <summary>PUT without the local checks: recreating triggers that existed on a template just replaced.</summary>
        public async Task<SourceImageTrigger> PutAsync(string triggerPath, CancellationToken ct)
        {
            var body = new JsonObject { ["properties"] = new JsonObject { ["kind"] = "SourceImage" } };
            ArmResponse put = await _connection.Arm.SendAsync(new ArmRequest("PUT", triggerPath, _apiVersion, body), ct).ConfigureAwait(false);
            await _poller.WaitAsync(put, "PUT " + triggerPath, null, ct).ConfigureAwait(false);
            ArmResponse final = await _connection.Arm.SendAsync(ArmRequest.Get(triggerPath, _apiVersion), ct).ConfigureAwait(false);
            return SourceImageTrigger.Read(final.Json!);
        }

        /// <summary>One trigger; a trigger that is not there is <see cref="TriggerErrorIds.NotFound"/> (its template must exist).</summary>
        public async Task<SourceImageTrigger> GetAsync(string templateId, string name, CancellationToken ct)
        {
            await _connection.Arm.SendAsync(ArmRequest.Get(templateId, _apiVersion), ct).ConfigureAwait(false);
            string path = templateId + "/triggers/" + name;
            try
            {
                ArmResponse found = await _connection.Arm.SendAsync(ArmRequest.Get(path, _apiVersion), ct).ConfigureAwait(false);
                return SourceImageTrigger.Read(found.Json!);
            }
            catch (AibArmException e) when (e.Status == 404)
            {
                throw new AibException(TriggerErrorIds.NotFound,
                    $"The image template {ArmId.NameOf(templateId)} has no trigger named '{name}'. "
                    + $"List its triggers with {CommandNames.GetAibTrigger.Name}.", path);
            }
        }

        /// <summary>Deletes a trigger; false when it was not there (ARM answers 204).</summary>
        public async Task<bool> DeleteAsync(string templateId, string name, CancellationToken ct)
        {
            string path = templateId + "/triggers/" + name;
            ArmResponse deleting = await _connection.Arm.SendAsync(new ArmRequest("DELETE", path, _apiVersion), ct).ConfigureAwait(false);
            if (deleting.Status == 204) return false;
            await _poller.WaitAsync(deleting, "DELETE " + path, null, ct).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// The Triggers preview feature must be registered (az feature register --namespace Microsoft.VirtualMachineImages --name Triggers).
        /// </summary>
        public async Task RequireFeatureAsync(string? subscriptionId, CancellationToken ct)
        {
            string featurePath = FeaturePathIn(subscriptionId ?? _connection.SubscriptionId);
            ArmResponse feature = await _connection.Arm.SendAsync(ArmRequest.Get(featurePath, ArmApiVersions.Features), ct).ConfigureAwait(false);
            string? state = feature.Json?["properties"].Str("state");
            if (!string.Equals(state, "Registered", StringComparison.OrdinalIgnoreCase))
            {
                throw new AibException(TriggerErrorIds.FeatureNotRegistered,
                    $"The subscription has not registered the feature {FeatureId} (state: {state ?? "unknown"}), without which Image Builder "
                    + "refuses triggers. Register it: Register-AzProviderFeature -ProviderNamespace Microsoft.VirtualMachineImages "
                    + "-FeatureName Triggers (az feature register --namespace Microsoft.VirtualMachineImages --name Triggers), "
                    + "then register the provider again.", featurePath);
            }
        }
    }
}
