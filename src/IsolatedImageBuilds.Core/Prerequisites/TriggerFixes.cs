namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the Triggers checks propose, as data (see <see cref="TriggerChecks"/>).</summary>
    internal static class TriggerFixes
    {
        public static readonly Remediation RegisterFeature = new Remediation(
            "Register-AzProviderFeature -ProviderNamespace Microsoft.VirtualMachineImages -FeatureName Triggers;"
                + " Register-AzResourceProvider -ProviderNamespace Microsoft.VirtualMachineImages",
            "az feature register --namespace Microsoft.VirtualMachineImages --name Triggers"
                + " && az provider register --namespace Microsoft.VirtualMachineImages");

        public static readonly Remediation SourceAtLatest = new Remediation(
            $"{CommandNames.NewAibIsolatedTemplate.Name} <the same parameters> -SourceUrn <publisher>:<offer>:<sku>:latest"
                + " (or -SourceImageId <image definition id>/versions/latest) -Force",
            "az image builder create <the same parameters> --image-source <publisher>:<offer>:<sku>:latest");

        public static readonly Remediation DistributeToDefinition = new Remediation(
            $"{CommandNames.NewAibDistributor.Name} -SharedImage -RunOutputName <run output name>"
                + " -GalleryImageId <image definition id, without /versions/...>",
            "az image builder output add --output-name <run output name> --gallery-name <gallery>"
                + " --gallery-image-definition <image definition> --gallery-replication-regions <region>");

        public static readonly Remediation DistributeElsewhere = new Remediation(
            $"{CommandNames.NewAibDistributor.Name} -SharedImage -RunOutputName <run output name> -GalleryImageId <another image definition id>",
            "az image builder output add --output-name <run output name> --gallery-name <gallery>"
                + " --gallery-image-definition <another image definition> --gallery-replication-regions <region>");

        /// <summary>Slots: template, resourceGroup.</summary>
        public static readonly Remediation RecreateTemplate = new Remediation(
            $"{CommandNames.NewAibIsolatedTemplate.Name} -TemplateFile <its file> -Name {{template}} -ResourceGroupName {{resourceGroup}} -Force",
            "az image builder delete --name {template} --resource-group {resourceGroup}, then az image builder create");

        /// <summary>Slots: template, resourceGroup, trigger.</summary>
        public static readonly Remediation RemoveTrigger = new Remediation(
            $"{CommandNames.RemoveAibTrigger.Name} -TemplateName {{template}} -ResourceGroupName {{resourceGroup}} -Name {{trigger}}",
            "az image builder trigger delete --image-template-name {template} --resource-group {resourceGroup} --name {trigger}");

        /// <summary>Slots: location.</summary>
        public static readonly Remediation FewerTriggersInRegion = new Remediation(
            $"{CommandNames.GetAibIsolatedBuild.Name} | Where-Object Location -eq {{location}} | {CommandNames.GetAibTrigger.Name}"
                + $" | Out-GridView -PassThru | {CommandNames.RemoveAibTrigger.Name}",
            "az image builder trigger delete --image-template-name <template> --resource-group <group> --name <trigger>",
            "put the template in another region or subscription: the limit is 100 triggers per region per subscription.");

        /// <summary>Slots: template, resourceGroup.</summary>
        public static readonly Remediation ReactivateByManualBuild = new Remediation(
            $"{CommandNames.StartAibIsolatedBuild.Name} -Name {{template}} -ResourceGroupName {{resourceGroup}}",
            "az image builder run --name {template} --resource-group {resourceGroup}",
            $"find why the builds failed first ({CommandNames.GetAibBuildLog.Name} -Name {{template}} -ResourceGroupName {{resourceGroup}} -Summary):"
                + " a successful manual build reactivates the trigger.");
    }
}
