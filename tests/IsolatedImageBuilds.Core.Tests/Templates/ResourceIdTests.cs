using IsolatedImageBuilds.Core.Templates;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class ResourceIdTests
{
    [Theory]
    [InlineData("/subscriptions/s/resourceGroups/rg", "Microsoft.Resources/resourceGroups")]
    [InlineData("/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", "Microsoft.ManagedIdentity/userAssignedIdentities")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", "Microsoft.Network/virtualNetworks/subnets")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/latest", "Microsoft.Compute/galleries/images/versions")]
    [InlineData("/SharedGalleries/g/Images/i/Versions/1.0.0", "Microsoft.Compute/sharedGalleries/images/versions")]
    public void ParsesTheResourceType(string text, string type)
    {
        Assert.True(ResourceId.TryParse(text, out var id, out var reason), reason);
        Assert.Equal(type, id!.ResourceType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/s/resourceGroups/rg")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks")]
    [InlineData("/subscriptions/s//resourceGroups/rg")]
    [InlineData("/subscriptions/s/resourceGroups/my rg")]
    [InlineData("/subscriptions/s/providers/Microsoft.Network/virtualNetworks/v")]
    public void RefusesMalformedIds(string text) => Assert.False(ResourceId.TryParse(text, out _, out _));

    [Fact]
    public void ParentOfASubnetIsItsVirtualNetwork()
    {
        ResourceId.TryParse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", out var id, out _);

        Assert.Equal("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", id!.ParentText);
    }
}
