namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// Every error id the template engine reports. Stable: tests assert them and they become the
    /// FullyQualifiedErrorId of the cmdlet's ErrorRecord.
    /// </summary>
    public static class TemplateErrorIds
    {
        // Reading a template file.
        public const string FileInvalidJson = "TemplateFileInvalidJson";
        public const string FileNotObject = "TemplateFileNotObject";
        public const string FileNoImageTemplate = "TemplateFileNoImageTemplate";
        public const string FileSeveralImageTemplates = "TemplateFileSeveralImageTemplates";
        public const string ArmExpressionNotSupported = "TemplateArmExpressionNotSupported";

        // Options that contradict each other or the file.
        public const string SourceConflict = "TemplateSourceConflict";
        public const string SourceUrnInvalid = "TemplateSourceUrnInvalid";
        public const string TopologyConflict = "TemplateTopologyConflict";
        public const string TopologyRequiresSubnet = "TemplateTopologyRequiresSubnet";

        // The resource.
        public const string UnsupportedApiVersion = "TemplateUnsupportedApiVersion";
        public const string NameMissing = "TemplateNameMissing";
        public const string InvalidName = "TemplateInvalidName";
        public const string InvalidResourceGroupName = "TemplateInvalidResourceGroupName";
        public const string LocationMissing = "TemplateLocationMissing";
        public const string IdentityMissing = "TemplateIdentityMissing";
        public const string IdentityNotSingle = "TemplateIdentityNotSingle";
        public const string TagInvalid = "TemplateTagInvalid";

        // Shape, read from the REST specification of the chosen api-version.
        public const string UnknownField = "TemplateUnknownField";
        public const string FieldRequiresNewerApiVersion = "TemplateFieldRequiresNewerApiVersion";
        public const string ReadOnlyField = "TemplateReadOnlyField";
        public const string ValueWrongType = "TemplateValueWrongType";
        public const string RequiredFieldMissing = "TemplateRequiredFieldMissing";
        public const string EnumValueInvalid = "TemplateEnumValueInvalid";
        public const string UnknownType = "TemplateUnknownType";
        public const string ValueOutOfRange = "TemplateValueOutOfRange";
        public const string PatternMismatch = "TemplatePatternMismatch";

        // Resource ids.
        public const string InvalidResourceId = "TemplateInvalidResourceId";
        public const string ResourceIdWrongType = "TemplateResourceIdWrongType";

        // Network topology and build VM.
        public const string ContainerInstanceSubnetRequiresSubnet = "TemplateContainerInstanceSubnetRequiresSubnet";
        public const string SubnetsInDifferentVnets = "TemplateSubnetsInDifferentVnets";
        public const string ContainerInstanceSubnetSameAsSubnet = "TemplateContainerInstanceSubnetSameAsSubnet";
        public const string ProxyVmSizeWithContainerInstanceSubnet = "TemplateProxyVmSizeWithContainerInstanceSubnet";
        public const string ApiVersionTooOldForContainerInstanceSubnet = "TemplateApiVersionTooOldForContainerInstanceSubnet";
        public const string ContainerInstanceSubnetInOtherSubscription = "TemplateContainerInstanceSubnetInOtherSubscription";
        public const string VmSizeInvalid = "TemplateVmSizeInvalid";
        public const string OsDiskSizeInvalid = "TemplateOsDiskSizeInvalid";
        public const string StagingResourceGroupIsTemplateGroup = "TemplateStagingResourceGroupIsTemplateGroup";

        // Properties.
        public const string BuildTimeoutOutOfRange = "TemplateBuildTimeoutOutOfRange";
        public const string SourceMissing = "TemplateSourceMissing";
        public const string PlatformImageIncomplete = "TemplatePlatformImageIncomplete";
        public const string PlanInfoIncomplete = "TemplatePlanInfoIncomplete";
        public const string DistributeMissing = "TemplateDistributeMissing";
        public const string ErrorHandlingValueInvalid = "TemplateErrorHandlingValueInvalid";

        // Customizers, validators, distributors.
        public const string ScriptUriAndInline = "TemplateScriptUriAndInline";
        public const string ScriptMissing = "TemplateScriptMissing";
        public const string RunAsSystemWithoutRunElevated = "TemplateRunAsSystemWithoutRunElevated";
        public const string FileCustomizerIncomplete = "TemplateFileCustomizerIncomplete";
        public const string InvalidUri = "TemplateInvalidUri";
        public const string InvalidSha256Checksum = "TemplateInvalidSha256Checksum";
        public const string RestartTimeoutInvalid = "TemplateRestartTimeoutInvalid";
        public const string RunOutputNameMissing = "TemplateRunOutputNameMissing";
        public const string InvalidRunOutputName = "TemplateInvalidRunOutputName";
        public const string DuplicateRunOutputName = "TemplateDuplicateRunOutputName";
        public const string ManagedImageDistributeMissingLocation = "TemplateManagedImageDistributeMissingLocation";
        public const string SharedImageReplicaCountInvalid = "TemplateSharedImageReplicaCountInvalid";
        public const string StorageAccountTypeInvalid = "TemplateStorageAccountTypeInvalid";
        public const string VersioningInvalid = "TemplateVersioningInvalid";
    }
}
