namespace IsolatedImageBuilds.Core.Topology
{
    public enum StagingResourceLifetime
    {
        /// <summary>Created for a build and deleted after it (kept on failure when errorHandling is 'abort').</summary>
        Temporary,

        /// <summary>Stays in the staging resource group between builds (the storage account with the logs).</summary>
        Kept,
    }

    /// <summary>One resource AIB creates in the staging resource group for a template's topology.</summary>
    public sealed class StagingResource
    {
        public StagingResource(string resourceType, string purpose, StagingResourceLifetime lifetime, bool isCertain = true, string? size = null)
        {
            ResourceType = resourceType;
            Purpose = purpose;
            Lifetime = lifetime;
            IsCertain = isCertain;
            Size = size;
        }

        /// <summary>ARM resource type, e.g. Microsoft.ContainerInstance/containerGroups.</summary>
        public string ResourceType { get; }

        public string Purpose { get; }

        public StagingResourceLifetime Lifetime { get; }

        /// <summary>False for resources AIB may or may not create (Packer's Key Vault for Windows sources).</summary>
        public bool IsCertain { get; }

        /// <summary>VM size where it is known (the proxy VM).</summary>
        public string? Size { get; }

        public override string ToString() => $"{ResourceType} ({Purpose})";
    }
}
