using System;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds
{
    /// <summary>The session's connection as PowerShell shows it. Holds no token.</summary>
    public sealed class AibContext
    {
        internal AibContext(AibConnection connection)
        {
            Environment = connection.Cloud.Name;
            ArmEndpoint = connection.Cloud.ArmEndpoint;
            SubscriptionId = connection.SubscriptionId;
            TenantId = connection.TenantId;
            Account = connection.Account;
            SignInMode = connection.SignInMode.ToString();
            SkipCertificateCheck = connection.SkipCertificateCheck;
            ConnectedAt = connection.ConnectedAt;
        }

        /// <summary>AzureCloud, AzureUSGovernment, AzureChinaCloud, or Custom for -ArmEndpoint.</summary>
        public string Environment { get; }
        public Uri ArmEndpoint { get; }
        public string SubscriptionId { get; }
        public string? TenantId { get; }
        public string Account { get; }
        public string SignInMode { get; }
        public bool SkipCertificateCheck { get; }
        public DateTimeOffset ConnectedAt { get; }

        public override string ToString() => $"{Account} @ {SubscriptionId} ({Environment})";
    }
}
