using System;
using Azure.Core;
using Azure.ResourceManager;
using IsolatedImageBuilds.Core.Auth;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// A signed-in session: which cloud and subscription, who, how — and the ArmClient (pinned
    /// api-versions, our retry policy) that every later call goes through. Never holds a raw token
    /// in a public member.
    /// </summary>
    public sealed class AibConnection
    {
        private AibConnection(AibConnection other, ArmRequestSender arm)
            : this(other.Cloud, other.SubscriptionId, other.TenantId, other.Account, other.SignInMode, other.SkipCertificateCheck, other.Credential,
                other.Client, other.ClientOptions)
        {
            Arm = arm;
        }

        private AibConnection(AibConnection other, string subscriptionId)
            : this(other.Cloud, subscriptionId, other.TenantId, other.Account, other.SignInMode, other.SkipCertificateCheck, other.Credential,
                other.Client, other.ClientOptions)
        {
            Arm = other.Arm;
            ConnectedAt = other.ConnectedAt;
        }

        /// <summary>The same sign-in working in another subscription (a template found by the inventory elsewhere); this one when null or the same.</summary>
        public AibConnection ForSubscription(string? subscriptionId) =>
            string.IsNullOrEmpty(subscriptionId) || string.Equals(subscriptionId, SubscriptionId, StringComparison.OrdinalIgnoreCase)
                ? this
                : new AibConnection(this, subscriptionId!);

        /// <summary>The same connection over another request sender (tests use a scripted transport).</summary>
        internal AibConnection WithArm(ArmRequestSender arm) => new AibConnection(this, arm);

        internal AibConnection(AibCloud cloud, string subscriptionId, string? tenantId, string account, AibSignInMode mode,
            bool skipCertificateCheck, TokenCredential credential, ArmClient client, ArmClientOptions clientOptions)
        {
            Cloud = cloud;
            SubscriptionId = subscriptionId;
            TenantId = tenantId;
            Account = account;
            SignInMode = mode;
            SkipCertificateCheck = skipCertificateCheck;
            Credential = credential;
            Client = client;
            ClientOptions = clientOptions;
            Arm = new ArmRequestSender(client);
            ConnectedAt = DateTimeOffset.UtcNow;
        }

        public AibCloud Cloud { get; }
        public string SubscriptionId { get; }
        public string? TenantId { get; }
        public string Account { get; }
        public AibSignInMode SignInMode { get; }
        public bool SkipCertificateCheck { get; }
        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Raw ARM requests with this connection's credential and pipeline.</summary>
        public ArmRequestSender Arm { get; }

        internal TokenCredential Credential { get; }
        internal ArmClient Client { get; }
        internal ArmClientOptions ClientOptions { get; }

        /// <summary>/subscriptions/{id}</summary>
        public string SubscriptionPath => "/subscriptions/" + SubscriptionId;

        /// <summary>The id (and ARM path) of an image template in this subscription.</summary>
        public string ImageTemplateId(string resourceGroup, string name)
            => ArmId.InResourceGroup(SubscriptionId, resourceGroup, ArmId.ImageTemplatesType, name).Text;

        /// <summary>The image-template collection of a resource group, or of the subscription when <paramref name="resourceGroup"/> is null.</summary>
        public string ImageTemplatesPath(string? resourceGroup) =>
            (resourceGroup == null ? SubscriptionPath : ArmId.ResourceGroupPath(SubscriptionId, resourceGroup)) + "/providers/"
                + ArmId.ImageTemplatesType;
    }
}
