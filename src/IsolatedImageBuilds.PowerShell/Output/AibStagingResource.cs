using System.Collections;
using System.Linq;
using IsolatedImageBuilds.Core.Staging;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds
{
    /// <summary>A resource in a build's staging resource group, its role, and whether the topology expects it.</summary>
    public sealed class AibStagingResource
    {
        internal AibStagingResource(StagingResourceInfo info, string stagingResourceGroup, string? topology)
        {
            Name = info.Name;
            ResourceType = info.ResourceType;
            Role = info.Role;
            Expected = info.Expected;
            Warning = info.Warning;
            Id = info.Id;
            Location = info.Location;
            StagingResourceGroup = stagingResourceGroup;
            Topology = topology;
            Properties = new Hashtable();
            foreach (var pair in info.Properties.OrderBy(p => p.Key)) Properties[pair.Key] = pair.Value;
        }

        public string Name { get; }
        public string ResourceType { get; }

        /// <summary>ContainerInstance, BuildVm, ValidationVm, ProxyVm, Network, NetworkInterface, Disk, Snapshot, Storage, KeyVault, PublicIp, Other.</summary>
        public string Role { get; }

        /// <summary>True when AIB creates this type for the template's topology.</summary>
        public bool Expected { get; }

        /// <summary>Why this resource should not be there, when it should not.</summary>
        public string? Warning { get; }

        public string Id { get; }
        public string? Location { get; }
        public string StagingResourceGroup { get; }
        public string? Topology { get; }

        /// <summary>Key facts: the ACI's subnet and IP, NSG rules, the private endpoint's IP, VM sizes.</summary>
        public Hashtable Properties { get; }

        public override string ToString() => $"{Role} {Name}";
    }
}
