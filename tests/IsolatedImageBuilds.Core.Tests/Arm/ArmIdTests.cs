using IsolatedImageBuilds.Core.Arm;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Arm;

public class ArmIdTests
{
    [Theory]
    [InlineData("/subscriptions/s/resourceGroups/rg", "Microsoft.Resources/resourceGroups")]
    [InlineData("/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", "Microsoft.ManagedIdentity/userAssignedIdentities")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", "Microsoft.Network/virtualNetworks/subnets")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/latest", "Microsoft.Compute/galleries/images/versions")]
    [InlineData("/SharedGalleries/g/Images/i/Versions/1.0.0", "Microsoft.Compute/sharedGalleries/images/versions")]
    public void ParsesTheResourceType(string text, string type)
    {
        Assert.True(ArmId.TryParse(text, out var id, out var reason), reason);
        Assert.Equal(type, id!.ResourceType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/s/resourceGroups/rg")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks")]
    [InlineData("/subscriptions/s//resourceGroups/rg")]
    [InlineData("/subscriptions/s/resourceGroups/my rg")]
    [InlineData("/subscriptions/s/providers/Microsoft.Network/virtualNetworks/v")]
    public void RefusesMalformedIds(string text) => Assert.False(ArmId.TryParse(text, out _, out _));

    [Fact]
    public void ParentOfASubnetIsItsVirtualNetwork()
    {
        ArmId.TryParse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", out var id, out _);

        Assert.Equal("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", id!.ParentText);
    }

    [Fact]
    public void ABuiltIdParsesBackToItsPartsAndEqualsItsOtherCasing()
    {
        var built = ArmId.InResourceGroup("s", "rg", "Microsoft.VirtualMachineImages/imageTemplates", "t1");

        Assert.Equal("/subscriptions/s/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t1", built.Text);
        Assert.True(ArmId.TryParse(built.Text.ToUpperInvariant() + "/", out var parsed, out _));
        Assert.Equal(built, parsed);
        Assert.Equal(built.GetHashCode(), parsed!.GetHashCode());
        Assert.Equal("Microsoft.VirtualMachineImages", built.ProviderNamespace);
        Assert.Equal("/subscriptions/s/resourceGroups/rg", built.ResourceGroupId);
        Assert.Throws<ArgumentException>(() => ArmId.InResourceGroup("s", "rg", "Microsoft.Network/virtualNetworks/subnets", "v"));
    }

    [Theory]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1/", "s", "rg", "s1", "Microsoft.Network/virtualNetworks/subnets")]
    [InlineData("/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/r", "s", null, "r", "Microsoft.Authorization/roleDefinitions")]
    public void TolerantReadersTakeAnyScope(string text, string subscription, string? group, string name, string type)
    {
        Assert.Equal(subscription, ArmId.SubscriptionOf(text));
        Assert.Equal(group, ArmId.ResourceGroupOf(text));
        Assert.Equal(name, ArmId.NameOf(text));
        Assert.Equal(type, ArmId.ResourceTypeOf(text));
    }
}
