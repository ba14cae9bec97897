using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Builds;

/// <summary>A failed run's error never hides lastRunStatus.message (issue 11, item 4).</summary>
public class BuildFailureMessageTests
{
    // The shape of AIB's distribution failure (github.com/danielsollondon/azvmimagebuilder/issues/20) with ARM's
    // AuthorizationFailed text for the write a managed-image distribution needs on the target group.
    private const string Denied =
        "Failed in distributing 1 images out of total 1: {[Error 0] [Distribute 0] Error publishing VHD to managed image:/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-target/providers/Microsoft.Compute/images/img1, Location:westeurope. " +
        "Error: StatusCode=403 -- Original Error: Code=\"AuthorizationFailed\" Message=\"The client '11111111-2222-3333-4444-555555555555' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.Compute/images/write' over scope '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-target/providers/Microsoft.Compute/images/img1' or the scope is invalid.\"}";

    private static BuildRun Failed(string? message) => new()
    {
        TemplateName = "win11",
        ResourceGroupName = "rg-images",
        RunState = "Failed",
        Message = message,
        OperationId = "op-1",
    };

    private static Diagnosis? Diagnose(string message, KnowledgeBase? kb = null)
    {
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { KnowledgeBase = kb });
        analyzer.AddServiceError(message);
        return analyzer.GetSummary().Diagnosis;
    }

    [Fact]
    public void Distribution_denied_names_the_action_and_the_scope()
    {
        var diagnosis = Diagnose(Denied);
        Assert.Equal("AIB-041", diagnosis!.Id);
        string text = BuildFailureMessage.Describe(Failed(Denied), diagnosis, diagnosis.Id + ": " + diagnosis.Title, null);

        Assert.StartsWith("Image build of win11 failed: AIB-041", text, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Compute/images/write'", text, StringComparison.Ordinal);
        Assert.Contains("over scope '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-target/providers/Microsoft.Compute/images/img1'", text, StringComparison.Ordinal);
        Assert.Contains(CommandNames.GetAibBuildLog.Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_cause_shows_the_service_message_first()
    {
        // A knowledge base that knows nothing of authorization: the message still says what was wrong, first.
        var kb = KnowledgeBase.Parse("""{ "items": [], "failureSignals": [ { "text": ["Failed in distributing"] } ], "unknown": { "title": "Unknown", "cause": "c", "fix": "f" } }""");
        var diagnosis = Diagnose(Denied, kb);
        Assert.Equal(Diagnosis.UnknownId, diagnosis!.Id);
        string text = BuildFailureMessage.Describe(Failed(Denied), diagnosis, diagnosis.Id + ": " + diagnosis.Title, null);

        Assert.StartsWith("Image build of win11 failed: Failed in distributing 1 images", text, StringComparison.Ordinal);
        Assert.Contains("does not have authorization to perform action 'Microsoft.Compute/images/write'", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("does not have authorization", StringComparison.Ordinal) < text.IndexOf(Diagnosis.UnknownId, StringComparison.Ordinal));
    }

    [Fact]
    public void Known_cause_omits_only_the_generic_wrapper_and_redacts_the_message()
    {
        const string generic = "During the image build a failure has occurred. Packer build logs are at location /subscriptions/x/resourceGroups/IT_y/providers/Microsoft.Storage/storageAccounts/z/blobServices/default/containers/packerlogs/ef6ba98d/customization.log. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.";
        var diagnosis = Diagnose("PackerBuildFailed: " + generic);
        string text = BuildFailureMessage.Describe(Failed(generic), diagnosis, "AIB-011: A customizer failed", "https://z/packerlogs/ef6ba98d/customization.log");
        Assert.DoesNotContain("During the image build", text, StringComparison.Ordinal);

        var withSecret = Failed("Script failed: curl https://acct.blob.core.windows.net/c/a.ps1?sv=2022&sig=abcSECRETdef returned 403");
        text = BuildFailureMessage.Describe(withSecret, diagnosis, "AIB-011: A customizer failed", null);
        Assert.Contains("The service said: Script failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abcSECRETdef", text, StringComparison.Ordinal);

        Assert.Contains("the service gave no message", BuildFailureMessage.Describe(Failed(null), null, null, null), StringComparison.Ordinal);
    }
}
