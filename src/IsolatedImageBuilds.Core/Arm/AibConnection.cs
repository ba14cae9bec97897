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

        /// <summary>When the session's token runs out for good: a static -AccessToken's known expiry; null for modes that renew.</summary>
        public DateTimeOffset? StaticTokenExpiresOn => (Credential as StaticTokenCredential)?.KnownExpiry;

        /// <summary>
        /// The warning (id <see cref="TokenErrorIds.StaticExpiresDuringWait"/>) for a wait that may last
        /// <paramref name="buildTimeout"/> on a static -AccessToken that runs out sooner; null when the token lasts or renews.
        /// </summary>
        public string? StaticTokenWarning(string templateName, TimeSpan buildTimeout)
        {
            if (!(StaticTokenExpiresOn is DateTimeOffset expiry) || expiry >= DateTimeOffset.UtcNow + buildTimeout) return null;
            return $"{TokenErrorIds.StaticExpiresDuringWait.Id}: the -AccessToken of this session expires at {expiry.UtcDateTime:u}, "
                + $"before {templateName} can reach its build timeout ({buildTimeout.TotalMinutes:0} minutes), and cannot be renewed. "
                + "If it runs out the wait ends with TokenStaticExpired (the build goes on); sign in with a mode that renews "
                + "(-Identity, -UseAzContext, -UseAzureCli, -UseEnvironment, -AzurePipelinesServiceConnectionId) to wait it out.";
        }
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
