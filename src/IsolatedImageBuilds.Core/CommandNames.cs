namespace IsolatedImageBuilds.Core
{
    /// <summary>
    /// The module's cmdlets and parameters that Core's messages name, each written once. Core cannot see the cmdlet
    /// classes (it does not reference PowerShell), so the PowerShell layer's names are kept here and Module.Tests.ps1
    /// checks every one against the loaded module: renaming a parameter is this one change (the test says if it is
    /// missed). Parameter names are bare (messages add the dash), so they also serve as error targets.
    /// </summary>
    public static class CommandNames
    {
        public static class ConnectAibAccount
        {
            public const string Name = "Connect-AibAccount";
            public const string Environment = nameof(Environment);
            public const string ArmEndpoint = nameof(ArmEndpoint);
            public const string AuthorityHost = nameof(AuthorityHost);
            public const string SkipCertificateCheck = nameof(SkipCertificateCheck);
            public const string SubscriptionId = nameof(SubscriptionId);
            public const string TenantId = nameof(TenantId);
            public const string ClientId = nameof(ClientId);
            public const string AccessToken = nameof(AccessToken);
            public const string Identity = nameof(Identity);
            public const string DeviceCode = nameof(DeviceCode);
            public const string AzurePipelinesServiceConnectionId = nameof(AzurePipelinesServiceConnectionId);
        }

        public static class NewAibIsolatedTemplate
        {
            public const string Name = "New-AibIsolatedTemplate";
            public const string TemplateName = "Name";
            public const string ResourceGroupName = nameof(ResourceGroupName);
            public const string Force = nameof(Force);
        }

        public static class TestAibPrerequisite
        {
            public const string Name = "Test-AibPrerequisite";
            public const string SubnetId = nameof(SubnetId);
            public const string ContainerInstanceSubnetId = nameof(ContainerInstanceSubnetId);
            public const string StagingResourceGroupId = nameof(StagingResourceGroupId);
        }

        public static class UpdateAibIsolatedTemplate
        {
            public const string Name = "Update-AibIsolatedTemplate";
            public const string SkipPrerequisiteCheck = nameof(SkipPrerequisiteCheck);
        }

        public static class StartAibIsolatedBuild
        {
            public const string Name = "Start-AibIsolatedBuild";
            public const string NoWait = nameof(NoWait);
            public const string Force = nameof(Force);
            public const string MaxWaitMinutes = nameof(MaxWaitMinutes);
            public const string IdempotencyKey = nameof(IdempotencyKey);
        }

        public static class GetAibIsolatedBuild
        {
            public const string Name = "Get-AibIsolatedBuild";
            public const string TemplateName = "Name";
            public const string ResourceGroupName = nameof(ResourceGroupName);
            public const string Wait = nameof(Wait);
            public const string Timeout = nameof(Timeout);
            public const string OutageTolerance = nameof(OutageTolerance);
        }

        public static class GetAibBuildLog
        {
            public const string Name = "Get-AibBuildLog";
            public const string Path = nameof(Path);
            public const string Follow = nameof(Follow);
            public const string RunId = nameof(RunId);
        }

        public static class GetAibStagingResource
        {
            public const string Name = "Get-AibStagingResource";
            public const string StagingResourceGroupId = nameof(StagingResourceGroupId);
        }

        public static class NewAibDistributor
        {
            public const string Name = "New-AibDistributor";
        }

        public static class NewAibSourceImageTrigger
        {
            public const string Name = "New-AibSourceImageTrigger";
        }

        public static class GetAibTrigger
        {
            public const string Name = "Get-AibTrigger";
        }

        public static class RemoveAibTrigger
        {
            public const string Name = "Remove-AibTrigger";
        }
    }
}
