using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Every error Test-AibPrerequisite reports about its own input, with its category. (What the checks find
    /// is not an error but a result: see <see cref="CheckNames"/>.)
    /// </summary>
    public static class PrerequisiteErrorIds
    {
        public static readonly AibError TemplateFileNotFound = new AibError("PrerequisiteTemplateFileNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError ContainerInstanceSubnetRequiresSubnet =
            new AibError("PrerequisiteContainerInstanceSubnetRequiresSubnet", AibErrorCategory.InvalidArgument);
    }
}
