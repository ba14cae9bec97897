using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// Every error the template engine and the template cmdlets report, with its category. Stable: tests
    /// assert them and they become the FullyQualifiedErrorId of the cmdlet's ErrorRecord.
    /// </summary>
    public static class TemplateErrorIds
    {
        // Reading a template file.
        public static readonly AibError FileNotFound = new AibError("TemplateFileNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError FileInvalidJson = new AibError("TemplateFileInvalidJson", AibErrorCategory.InvalidData);
        public static readonly AibError FileNotObject = new AibError("TemplateFileNotObject", AibErrorCategory.InvalidData);
        public static readonly AibError FileNoImageTemplate = new AibError("TemplateFileNoImageTemplate", AibErrorCategory.InvalidData);
        public static readonly AibError FileSeveralImageTemplates = new AibError("TemplateFileSeveralImageTemplates", AibErrorCategory.InvalidData);
        public static readonly AibError ArmExpressionNotSupported = new AibError("TemplateArmExpressionNotSupported", AibErrorCategory.InvalidData);

        // Options that contradict each other or the file.
        public static readonly AibError SourceConflict = new AibError("TemplateSourceConflict", AibErrorCategory.InvalidArgument);
        public static readonly AibError SourceUrnInvalid = new AibError("TemplateSourceUrnInvalid", AibErrorCategory.InvalidArgument);
        public static readonly AibError TopologyConflict = new AibError("TemplateTopologyConflict", AibErrorCategory.InvalidArgument);
        public static readonly AibError TopologyRequiresSubnet = new AibError("TemplateTopologyRequiresSubnet", AibErrorCategory.InvalidArgument);

        // The resource.
        public static readonly AibError UnsupportedApiVersion = new AibError("TemplateUnsupportedApiVersion", AibErrorCategory.InvalidData);
        public static readonly AibError NameMissing = new AibError("TemplateNameMissing", AibErrorCategory.InvalidData);
        public static readonly AibError InvalidName = new AibError("TemplateInvalidName", AibErrorCategory.InvalidData);
        public static readonly AibError InvalidResourceGroupName = new AibError("TemplateInvalidResourceGroupName", AibErrorCategory.InvalidArgument);
        public static readonly AibError LocationMissing = new AibError("TemplateLocationMissing", AibErrorCategory.InvalidData);
        public static readonly AibError IdentityMissing = new AibError("TemplateIdentityMissing", AibErrorCategory.InvalidData);
        public static readonly AibError IdentityNotSingle = new AibError("TemplateIdentityNotSingle", AibErrorCategory.InvalidData);
        public static readonly AibError TagInvalid = new AibError("TemplateTagInvalid", AibErrorCategory.InvalidData);

        // Shape, read from the REST specification of the chosen api-version.
        public static readonly AibError UnknownField = new AibError("TemplateUnknownField", AibErrorCategory.InvalidData);
        public static readonly AibError FieldRequiresNewerApiVersion =
            new AibError("TemplateFieldRequiresNewerApiVersion", AibErrorCategory.InvalidData);
        public static readonly AibError ReadOnlyField = new AibError("TemplateReadOnlyField", AibErrorCategory.InvalidData);
        public static readonly AibError ValueWrongType = new AibError("TemplateValueWrongType", AibErrorCategory.InvalidData);
        public static readonly AibError RequiredFieldMissing = new AibError("TemplateRequiredFieldMissing", AibErrorCategory.InvalidData);
        public static readonly AibError EnumValueInvalid = new AibError("TemplateEnumValueInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError UnknownType = new AibError("TemplateUnknownType", AibErrorCategory.InvalidData);
        public static readonly AibError ValueOutOfRange = new AibError("TemplateValueOutOfRange", AibErrorCategory.InvalidData);
        public static readonly AibError PatternMismatch = new AibError("TemplatePatternMismatch", AibErrorCategory.InvalidData);

        // Resource ids.
        public static readonly AibError InvalidResourceId = new AibError("TemplateInvalidResourceId", AibErrorCategory.InvalidData);
        public static readonly AibError ResourceIdWrongType = new AibError("TemplateResourceIdWrongType", AibErrorCategory.InvalidData);

        // Network topology and build VM.
        public static readonly AibError ContainerInstanceSubnetRequiresSubnet =
            new AibError("TemplateContainerInstanceSubnetRequiresSubnet", AibErrorCategory.InvalidData);
        public static readonly AibError SubnetsInDifferentVnets = new AibError("TemplateSubnetsInDifferentVnets", AibErrorCategory.InvalidData);
        public static readonly AibError ContainerInstanceSubnetSameAsSubnet =
            new AibError("TemplateContainerInstanceSubnetSameAsSubnet", AibErrorCategory.InvalidData);
        public static readonly AibError ProxyVmSizeWithContainerInstanceSubnet =
            new AibError("TemplateProxyVmSizeWithContainerInstanceSubnet", AibErrorCategory.InvalidData);
        public static readonly AibError ApiVersionTooOldForContainerInstanceSubnet =
            new AibError("TemplateApiVersionTooOldForContainerInstanceSubnet", AibErrorCategory.InvalidData);
        public static readonly AibError ContainerInstanceSubnetInOtherSubscription =
            new AibError("TemplateContainerInstanceSubnetInOtherSubscription", AibErrorCategory.InvalidData);
        public static readonly AibError VmSizeInvalid = new AibError("TemplateVmSizeInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError OsDiskSizeInvalid = new AibError("TemplateOsDiskSizeInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError StagingResourceGroupIsTemplateGroup =
            new AibError("TemplateStagingResourceGroupIsTemplateGroup", AibErrorCategory.InvalidData);

        // Properties.
        public static readonly AibError BuildTimeoutOutOfRange = new AibError("TemplateBuildTimeoutOutOfRange", AibErrorCategory.InvalidData);
        public static readonly AibError SourceMissing = new AibError("TemplateSourceMissing", AibErrorCategory.InvalidData);
        public static readonly AibError PlatformImageIncomplete = new AibError("TemplatePlatformImageIncomplete", AibErrorCategory.InvalidData);
        public static readonly AibError PlanInfoIncomplete = new AibError("TemplatePlanInfoIncomplete", AibErrorCategory.InvalidData);
        public static readonly AibError DistributeMissing = new AibError("TemplateDistributeMissing", AibErrorCategory.InvalidData);
        public static readonly AibError ErrorHandlingValueInvalid = new AibError("TemplateErrorHandlingValueInvalid", AibErrorCategory.InvalidData);

        // Customizers, validators, distributors.
        public static readonly AibError ItemWrongKind = new AibError("TemplateItemWrongKind", AibErrorCategory.InvalidArgument);
        public static readonly AibError ScriptUriAndInline = new AibError("TemplateScriptUriAndInline", AibErrorCategory.InvalidData);
        public static readonly AibError ScriptMissing = new AibError("TemplateScriptMissing", AibErrorCategory.InvalidData);
        public static readonly AibError RunAsSystemWithoutRunElevated =
            new AibError("TemplateRunAsSystemWithoutRunElevated", AibErrorCategory.InvalidData);
        public static readonly AibError FileCustomizerIncomplete = new AibError("TemplateFileCustomizerIncomplete", AibErrorCategory.InvalidData);
        public static readonly AibError InvalidUri = new AibError("TemplateInvalidUri", AibErrorCategory.InvalidData);
        public static readonly AibError InvalidSha256Checksum = new AibError("TemplateInvalidSha256Checksum", AibErrorCategory.InvalidData);
        public static readonly AibError RestartTimeoutInvalid = new AibError("TemplateRestartTimeoutInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError RunOutputNameMissing = new AibError("TemplateRunOutputNameMissing", AibErrorCategory.InvalidData);
        public static readonly AibError InvalidRunOutputName = new AibError("TemplateInvalidRunOutputName", AibErrorCategory.InvalidData);
        public static readonly AibError DuplicateRunOutputName = new AibError("TemplateDuplicateRunOutputName", AibErrorCategory.InvalidData);
        public static readonly AibError ManagedImageDistributeMissingLocation =
            new AibError("TemplateManagedImageDistributeMissingLocation", AibErrorCategory.InvalidData);
        public static readonly AibError SharedImageReplicaCountInvalid =
            new AibError("TemplateSharedImageReplicaCountInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError StorageAccountTypeInvalid = new AibError("TemplateStorageAccountTypeInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError VersioningInvalid = new AibError("TemplateVersioningInvalid", AibErrorCategory.InvalidData);

        // Refused as a whole, and deploying.
        public static readonly AibError Invalid = new AibError("TemplateInvalid", AibErrorCategory.InvalidData);
        public static readonly AibError ResourceGroupMissing = new AibError("TemplateResourceGroupMissing", AibErrorCategory.InvalidArgument);
        public static readonly AibError AlreadyExists = new AibError("TemplateAlreadyExists", AibErrorCategory.ResourceExists);
    }
}
