using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>Stage and provisioner tracking, and the timeline built from them.</summary>
public class LogTimelineTests
{
    private const string P = "[11111111-2222-3333-4444-555555555555] PACKER ";

    // A whole Linux build in the newer generation (times advance one minute per step).
    private static readonly string[] Build =
    {
        P + "2025/01/01 10:00:00 ui: ==> azure-arm: Creating resource group ...",                        // 1 Deploy
        P + "2025/01/01 10:01:00 ui: ==> azure-arm: Deploying deployment template ...",                   // 2
        P + "2025/01/01 10:02:00 ui: ==> azure-arm: Waiting for SSH to become available...",              // 3 Connect
        P + "2025/01/01 10:03:00 ui: ==> azure-arm: Connected to SSH!",                                   // 4
        P + "2025/01/01 10:04:00 [INFO] (telemetry) Starting provisioner shell",                          // 5 Customize, shell #1
        P + "2025/01/01 10:05:00 ui:     azure-arm: Capturing image would be a guest's words",            // 6 (guest output: no stage change)
        P + "2025/01/01 10:06:00 packer-plugin-azure plugin: [INFO] RPC client: Communicator ended with: 0", // 7
        P + "2025/01/01 10:07:00 [INFO] (telemetry) ending shell",                                        // 8
        P + "2025/01/01 10:08:00 [INFO] (telemetry) Starting provisioner file",                           // 9 file #2
        P + "2025/01/01 10:09:00 [INFO] (telemetry) ending file",                                         // 10
        P + "2025/01/01 10:10:00 [INFO] (telemetry) Starting provisioner shell",                          // 11 shell #3 (deprovision)
        P + "2025/01/01 10:11:00 ui: ==> azure-arm: Provisioning with shell script: /tmp/packer-shell42", // 12
        P + "2025/01/01 10:12:00 ui:     azure-arm: + sudo /tmp/DeprovisioningScript.sh",                 // 13 Deprovision
        P + "2025/01/01 10:13:00 [INFO] RPC client: Communicator ended with: 0",                          // 14
        P + "2025/01/01 10:14:00 [INFO] (telemetry) ending shell",                                        // 15
        P + "2025/01/01 10:15:00 ui: ==> azure-arm: Waiting for SSH to become available...",              // 16 (no way back)
        P + "2025/01/01 10:16:00 ui: ==> azure-arm: Powering off machine ...",                            // 17 CaptureDistribute
        P + "2025/01/01 10:17:00 ui: ==> azure-arm: Skipping image creation...",                          // 18
        P + "2025/01/01 10:18:00 ui: ==> azure-arm: Deleting individual resources ...",                   // 19 Cleanup
        P + "==> Builds finished but no artifacts were created.",                                          // 20
        P + "Done exporting Packer logs to Azure Storage.",                                                // 21
    };

    [Fact]
    public void Every_line_gets_its_stage_and_provisioner()
    {
        var (entries, _) = LogTestSupport.Analyze(string.Join("\n", Build));
        var stages = entries.Select(e => e.Stage).ToArray();
        BuildStage[] expected =
        {
            BuildStage.Deploy, BuildStage.Deploy, BuildStage.Connect, BuildStage.Connect,
            BuildStage.Customize, BuildStage.Customize, BuildStage.Customize, BuildStage.Customize, BuildStage.Customize, BuildStage.Customize,
            BuildStage.Customize, BuildStage.Customize, BuildStage.Deprovision, BuildStage.Deprovision, BuildStage.Deprovision, BuildStage.Deprovision,
            BuildStage.CaptureDistribute, BuildStage.CaptureDistribute, BuildStage.Cleanup, BuildStage.Cleanup, BuildStage.Cleanup,
        };
        Assert.Equal(expected, stages);

        Assert.Equal(("shell", 1), (entries[4].Provisioner, entries[4].ProvisionerIndex));
        Assert.Equal(("shell", 1), (entries[7].Provisioner, entries[7].ProvisionerIndex)); // the ending line belongs to it
        Assert.Equal(("file", 2), (entries[8].Provisioner, entries[8].ProvisionerIndex));
        Assert.Equal(("shell", 3), (entries[12].Provisioner, entries[12].ProvisionerIndex));
        Assert.Null(entries[15].Provisioner);
        Assert.Equal(0, entries[15].ProvisionerIndex);
    }

    [Fact]
    public void Summary_has_stage_durations_provisioner_runs_and_completion()
    {
        var (_, summary) = LogTestSupport.Analyze(string.Join("\n", Build));

        Assert.Equal(21, summary.LineCount);
        Assert.Equal("11111111-2222-3333-4444-555555555555", summary.OperationId);
        Assert.True(summary.IsComplete);
        Assert.False(summary.Failed);
        Assert.Null(summary.Diagnosis);
        Assert.Equal(BuildStage.Cleanup, summary.LastStage);
        Assert.Equal(TimeSpan.FromMinutes(18), summary.Duration);

        Assert.Equal(new[] { BuildStage.Deploy, BuildStage.Connect, BuildStage.Customize, BuildStage.Deprovision, BuildStage.CaptureDistribute, BuildStage.Cleanup },
            summary.Stages.Select(s => s.Stage));
        var customize = summary.Stages.Single(s => s.Stage == BuildStage.Customize);
        Assert.Equal((5L, 12L), (customize.FirstLine, customize.LastLine));
        Assert.Equal(TimeSpan.FromMinutes(7), customize.Duration);
        var cleanup = summary.Stages.Single(s => s.Stage == BuildStage.Cleanup);
        Assert.Equal(TimeSpan.Zero, cleanup.Duration); // lines 20-21 have no time

        Assert.Equal(new[] { "shell #1", "file #2", "shell #3" }, summary.Provisioners.Select(p => p.ToString()));
        var first = summary.Provisioners[0];
        Assert.Equal(TimeSpan.FromMinutes(3), first.Duration);
        Assert.Equal(0, first.ExitCode);
        Assert.Null(summary.Provisioners[1].ExitCode);
        Assert.True(summary.Provisioners.All(p => p.Ended));
        Assert.Same(summary.Provisioners[2], summary.LastProvisioner);
        Assert.False(summary.Failed);
        Assert.Equal("Cleanup", summary.StoppedAt); // every provisioner ended: none is named
    }

    [Fact]
    public void A_stopped_build_shows_where_it_stopped_with_the_nonzero_exit_code()
    {
        var lines = Build.Take(5).Concat(new[]
        {
            P + "2025/01/01 10:05:00 [INFO] RPC client: Communicator ended with: 0",
            P + "2025/01/01 10:06:00 [INFO] RPC client: Communicator ended with: 2",
            P + "2025/01/01 10:07:00 [INFO] RPC client: Communicator ended with: 0",
        });
        var (_, summary) = LogTestSupport.Analyze(string.Join("\n", lines));

        Assert.False(summary.IsComplete);
        Assert.Equal(BuildStage.Customize, summary.LastStage);
        var last = summary.LastProvisioner!;
        Assert.Equal(("shell", 1), (last.Name, last.Index));
        Assert.False(last.Ended);
        Assert.Equal(2, last.ExitCode); // the first non-zero code is kept
        Assert.Equal("Customize / shell #1", summary.StoppedAt);
    }

    [Fact]
    public void A_builder_ending_marker_does_not_end_the_running_provisioner()
    {
        var (entries, summary) = LogTestSupport.Analyze(string.Join("\n",
            P + "2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner powershell",
            P + "2025/01/01 10:00:01 [INFO] (telemetry) ending azure-arm",
            P + "2025/01/01 10:00:02 [INFO] (telemetry) found error: context canceled"));

        Assert.Equal("powershell", entries[2].Provisioner);
        Assert.False(summary.LastProvisioner!.Ended);
        Assert.True(summary.Failed);
        Assert.Equal(Diagnosis.UnknownId, summary.Diagnosis!.Id);
        Assert.Equal(("powershell", 1), (summary.Diagnosis.Provisioner, summary.Diagnosis.ProvisionerIndex));
    }

    [Fact]
    public void Summary_is_a_snapshot()
    {
        var analyzer = new LogAnalyzer();
        analyzer.Process(Build[4]);
        var before = analyzer.GetSummary();
        analyzer.Process(Build[7]);
        Assert.False(before.Provisioners[0].Ended);
        Assert.True(analyzer.GetSummary().Provisioners[0].Ended);
    }
}
