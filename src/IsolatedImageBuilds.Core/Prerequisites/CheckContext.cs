using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What every family sees: the request, the shared reader, and the reads more than one family needs.</summary>
    internal sealed class CheckContext
    {
        public CheckContext(PrerequisiteRequest request, ArmReader arm, CancellationToken ct)
        {
            Request = request;
            Arm = arm;
            Ct = ct;
            Roles = new RoleEvaluator(this);
        }

        public PrerequisiteRequest Request { get; }
        public ArmReader Arm { get; }
        public CancellationToken Ct { get; }
        public RoleEvaluator Roles { get; }

        public string SubscriptionPath => "/subscriptions/" + Request.SubscriptionId;

        public string Location => ArmLocation.Normalize(Request.Location);

        public Task<ArmResponse> Provider(string ns) => Arm.GetAsync($"{SubscriptionPath}/providers/{ns}", ArmApiVersions.Resources);

        public Task<ArmResponse> Network(string id) => Arm.GetAsync(ArmId.Trim(id), ArmApiVersions.Network);

        /// <summary>The template identity (GET), shared by the identity and DDoS families.</summary>
        public Task<ArmResponse> Identity() => Arm.GetAsync(ArmId.Trim(Request.UserAssignedIdentityId!), ArmApiVersions.ManagedIdentity);

        /// <summary>The brought staging RG, or null when it does not exist yet (AIB will create it).</summary>
        public async Task<JsonNode?> StagingResourceGroup()
        {
            if (string.IsNullOrWhiteSpace(Request.StagingResourceGroupId)) return null;
            try
            {
                ArmResponse rg = await Arm.GetAsync(ArmId.Trim(Request.StagingResourceGroupId!), ArmApiVersions.Resources).ConfigureAwait(false);
                return rg.Json ?? new JsonObject();
            }
            catch (AibArmException e) when (e.Status == 404)
            {
                return null;
            }
        }
    }
}
