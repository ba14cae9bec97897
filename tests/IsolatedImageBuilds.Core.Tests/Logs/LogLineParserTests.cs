using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

public class LogLineParserTests
{
    private const string Id = "a170b40d-2d77-4ac3-8719-72cdc35cf889";

    [Theory]
    // legacy
    [InlineData("[" + Id + "] PACKER OUT ==> azure-arm: Deploying deployment template ...", Id, LogStream.Out, null, "==> azure-arm: Deploying deployment template ...")]
    [InlineData("[" + Id + "] PACKER OUT     azure-arm: hello", Id, LogStream.Out, null, "    azure-arm: hello")]
    [InlineData("[" + Id + "] PACKER OUT", Id, LogStream.Out, null, "")]
    [InlineData("[" + Id + "] PACKER ERR 2020/04/30 22:29:23 packer-provisioner-shell plugin: 2020/04/30 22:29:23 [INFO] RPC client: Communicator ended with: 0", Id, LogStream.Err, "2020-04-30T22:29:23Z", "packer-provisioner-shell plugin: 2020/04/30 22:29:23 [INFO] RPC client: Communicator ended with: 0")]
    [InlineData("[" + Id + "] PACKER ERR 2020/04/30 22:29:23 ui error: ==> Some builds didn't complete successfully", Id, LogStream.UiError, "2020-04-30T22:29:23Z", "==> Some builds didn't complete successfully")]
    [InlineData("[" + Id + "] PACKER ERR 2020/04/30 22:29:23 ui: ==> azure-arm: Connected to SSH!", Id, LogStream.Ui, "2020-04-30T22:29:23Z", "==> azure-arm: Connected to SSH!")]
    [InlineData("[" + Id + "] PACKER ERR ==> Some builds didn't complete successfully and had errors:", Id, LogStream.Err, null, "==> Some builds didn't complete successfully and had errors:")]
    // newer
    [InlineData("[" + Id + "] PACKER 2025/03/18 20:42:48 ui:     azure-arm: E: Could not open file", Id, LogStream.Ui, "2025-03-18T20:42:48Z", "    azure-arm: E: Could not open file")]
    [InlineData("[" + Id + "] PACKER 2025/03/18 20:42:48 ui error: ==> azure-arm: Error deleting resource. Will retry.", Id, LogStream.UiError, "2025-03-18T20:42:48Z", "==> azure-arm: Error deleting resource. Will retry.")]
    [InlineData("[" + Id + "] PACKER 2023/09/14 19:01:18 [INFO] (telemetry) Finalizing.", Id, LogStream.Err, "2023-09-14T19:01:18Z", "[INFO] (telemetry) Finalizing.")]
    [InlineData("[" + Id + "] PACKER ==> Wait completed after 3 minutes 13 seconds", Id, LogStream.Out, null, "==> Wait completed after 3 minutes 13 seconds")]
    [InlineData("[<log_id>] PACKER Done exporting Packer logs to Azure Storage.", "<log_id>", LogStream.Other, null, "Done exporting Packer logs to Azure Storage.")]
    // ACI live lines (RFC 3339 with nanoseconds) and pastes without the prefix
    [InlineData("2026-11-25T18:20:30.123456789Z [" + Id + "] PACKER 2026/11/25 18:20:29 ui: ==> azure-arm: Waiting for SSH to become available...", Id, LogStream.Ui, "2026-11-25T18:20:29Z", "==> azure-arm: Waiting for SSH to become available...")]
    [InlineData("2026-11-25T18:20:30.5+01:00 some AIB service line", null, LogStream.Other, "2026-11-25T17:20:30.5Z", "some AIB service line")]
    [InlineData("2025/03/18 20:42:48 ui: ==> azure-arm: Connected to SSH!", null, LogStream.Ui, "2025-03-18T20:42:48Z", "==> azure-arm: Connected to SSH!")]
    [InlineData("2025/03/18 20:42:48 [INFO] (telemetry) Starting provisioner shell", null, LogStream.Err, "2025-03-18T20:42:48Z", "[INFO] (telemetry) Starting provisioner shell")]
    [InlineData("==> azure-arm: Provisioning with shell script: /tmp/x", null, LogStream.Out, null, "==> azure-arm: Provisioning with shell script: /tmp/x")]
    [InlineData("    azure-arm: guest output", null, LogStream.Out, null, "    azure-arm: guest output")]
    // anything else is kept as it is
    [InlineData("[INFO] not an operation id", null, LogStream.Other, null, "[INFO] not an operation id")]
    [InlineData("", null, LogStream.Other, null, "")]
    [InlineData("# SOURCE: a header line", null, LogStream.Other, null, "# SOURCE: a header line")]
    [InlineData("2025/13/45 99:99:99 not a date", null, LogStream.Other, null, "2025/13/45 99:99:99 not a date")]
    [InlineData("Done exporting Packer logs to Azure for Packer prefix: [" + Id + "] PACKER OUT", null, LogStream.Other, null, "Done exporting Packer logs to Azure for Packer prefix: [" + Id + "] PACKER OUT")]
    public void Parses_both_generations_and_pastes(string line, string? operationId, LogStream stream, string? time, string message)
    {
        var entry = LogLineParser.Parse(line, 7);

        Assert.Equal(7, entry.LineNumber);
        Assert.Equal(line, entry.Raw);
        Assert.Equal(operationId, entry.OperationId);
        Assert.Equal(stream, entry.Stream);
        Assert.Equal(time is null ? null : DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), entry.Time);
        Assert.Equal(message, entry.Message);
    }

    [Theory]
    [InlineData("    azure-arm: text", true)]
    [InlineData("  my-builder.1: text", true)]
    [InlineData("==> azure-arm: text", false)]
    [InlineData("azure-arm: text", false)]
    [InlineData("    just indented text without a colon", false)]
    [InlineData("    two words: text", false)]
    public void Recognises_guest_output(string message, bool expected)
    {
        Assert.Equal(expected, LogLineParser.IsIndentedBuilderOutput(message));
    }

    [Fact]
    public void Strips_only_a_real_aci_timestamp()
    {
        Assert.Equal("[x] PACKER OUT a", LogLineParser.StripAciTimestamp("2026-01-02T03:04:05Z [x] PACKER OUT a"));
        Assert.Equal("2026-01-02 03:04:05 text", LogLineParser.StripAciTimestamp("2026-01-02 03:04:05 text"));
    }
}
