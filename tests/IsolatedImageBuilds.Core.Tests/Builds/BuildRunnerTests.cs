using System.Net;
using System.Security;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Tests.Arm;

namespace IsolatedImageBuilds.Core.Tests.Builds;

public class BuildRunnerTests
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string Op = "https://arm.test/subscriptions/" + Sub + "/providers/Microsoft.VirtualMachineImages/locations/westus/operations/op-123?api-version=2024-02-01";

    private static string Template(string runState, string? subState = null, DateTimeOffset? start = null, DateTimeOffset? end = null, string message = "")
    {
        string last = runState == "None" ? "" :
            $",\"lastRunStatus\":{{\"runState\":\"{runState}\",\"runSubState\":\"{subState ?? ""}\",\"startTime\":\"{(start ?? DateTimeOffset.UtcNow):O}\",\"endTime\":\"{(end?.ToString("O") ?? "0001-01-01T00:00:00Z")}\",\"message\":\"{message}\"}}";
        return $"{{\"id\":\"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t1\",\"name\":\"t1\",\"location\":\"westus\",\"properties\":{{\"provisioningState\":\"Succeeded\",\"buildTimeoutInMinutes\":60,\"exactStagingResourceGroup\":\"/subscriptions/{Sub}/resourceGroups/IT_rg_t1_abc\"{last}}}}}";
    }

    private static (BuildRunner Runner, ScriptedHandler Handler) Create(ScriptedHandler handler)
    {
        var options = new AibConnectionOptions { ArmEndpoint = "https://arm.test", SubscriptionId = Sub, SignInMode = AibSignInMode.AccessToken, AccessToken = Secure("t"), EnvironmentVariables = new Dictionary<string, string?>() };
        AibConnection connection = AibConnector.ConnectAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        return (new BuildRunner(connection.WithArm(handler.CreateSender())), handler);
    }

    private static SecureString Secure(string v) { var s = new SecureString(); foreach (char ch in v) s.AppendChar(ch); return s; }

    private static BuildWaitOptions Fast() => new() { PollingInterval = TimeSpan.FromMilliseconds(5), StartupPollingInterval = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_lost_run_answer_is_followed_by_a_read_and_resent_only_when_not_taken()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Template("Succeeded", start: DateTimeOffset.UtcNow.AddHours(-3), end: DateTimeOffset.UtcNow.AddHours(-2)))
            .ThenReset()                                                                                               // POST run: answer lost
            .Then(HttpStatusCode.OK, Template("Succeeded", start: DateTimeOffset.UtcNow.AddHours(-3), end: DateTimeOffset.UtcNow.AddHours(-2)))  // not taken
            .Then(HttpStatusCode.Accepted, null, ("Azure-AsyncOperation", Op));                                        // POST run again
        var (runner, _) = Create(handler);

        BuildRun run = await runner.StartAsync("rg", "t1", force: false, Fast(), CancellationToken.None);

        Assert.Equal(2, handler.Sent.Count(s => s.Method == "POST"));
        Assert.Equal("op-123", run.OperationId);
        Assert.NotNull(run.RequestedAt);
    }

    [Fact]
    public async Task Run_answers_lost_again_and_again_are_each_followed_by_a_read_until_one_is_accepted()
    {
        string idle = Template("Succeeded", start: DateTimeOffset.UtcNow.AddHours(-3), end: DateTimeOffset.UtcNow.AddHours(-2));
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, idle);
        for (int i = 0; i < 4; i++)
        {
            handler.Then(HttpStatusCode.InternalServerError, "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"boom\"}}").Then(HttpStatusCode.OK, idle);
        }
        handler.Then(HttpStatusCode.Accepted, null, ("Azure-AsyncOperation", Op));
        var (runner, _) = Create(handler);

        BuildRun run = await runner.StartAsync("rg", "t1", force: false, Fast(), CancellationToken.None);

        Assert.Equal(5, handler.Sent.Count(s => s.Method == "POST"));
        Assert.Equal(5, handler.Sent.Count(s => s.Method == "GET")); // the first read, then one after each lost answer
        Assert.Equal("op-123", run.OperationId);
    }

    [Fact]
    public async Task A_lost_run_answer_whose_request_was_taken_is_not_resent()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Template("None"))
            .ThenReset()
            .Then(HttpStatusCode.OK, Template("Running", "Queued", start: DateTimeOffset.UtcNow));
        var (runner, _) = Create(handler);

        BuildRun run = await runner.StartAsync("rg", "t1", force: false, Fast(), CancellationToken.None);

        Assert.Single(handler.Sent, s => s.Method == "POST");
        Assert.Equal("Running", run.RunState);
    }

    [Fact]
    public async Task A_running_template_is_reattached_not_restarted()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, Template("Running", "Customizing", start: DateTimeOffset.UtcNow.AddMinutes(-10)));
        var (runner, _) = Create(handler);

        BuildRun run = await runner.StartAsync("rg", "t1", force: false, Fast(), CancellationToken.None);

        Assert.True(run.Reattached);
        Assert.DoesNotContain(handler.Sent, s => s.Method == "POST");
    }

    [Fact]
    public async Task Waiting_reports_stages_survives_an_outage_and_returns_outputs()
    {
        DateTimeOffset start = DateTimeOffset.UtcNow;
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Template("Running", "Building", start))
            .Then(HttpStatusCode.OK, Template("Running", "Customizing", start));
        for (int i = 0; i < 8; i++) handler.Then(HttpStatusCode.ServiceUnavailable); // longer than the pipeline's own retries
        handler
            .Then(HttpStatusCode.OK, Template("Running", "Distributing", start))
            .Then(HttpStatusCode.OK, Template("Succeeded", "", start, DateTimeOffset.UtcNow))
            .Then(HttpStatusCode.OK, "{\"status\":\"Succeeded\"}")
            .Then(HttpStatusCode.OK, "{\"value\":[{\"name\":\"out1\",\"properties\":{\"artifactId\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img\",\"provisioningState\":\"Succeeded\"}}]}");
        var (runner, _) = Create(handler);
        var stages = new List<string>();
        var options = Fast();
        options.Progress = p => stages.Add(p.Run.RunState + "/" + p.Run.RunSubState);

        var accepted = new BuildRun { TemplateName = "t1", ResourceGroupName = "rg", RunState = "Running", RunSubState = "Queued", OperationUrl = Op, RequestedAt = start.AddSeconds(-1) };
        BuildRun done = await runner.WaitAsync(accepted, options, CancellationToken.None);

        Assert.Equal("Succeeded", done.RunState);
        Assert.Equal(new[] { "Running/Building", "Running/Customizing", "Running/Distributing", "Succeeded/" }, stages.Skip(1).ToArray());
        Assert.Equal("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img", Assert.Single(done.Outputs).ArtifactId);
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/IT_rg_t1_abc", done.StagingResourceGroup);
    }

    [Fact]
    public async Task A_failed_run_carries_the_operation_error_the_log_location_and_operation_id()
    {
        DateTimeOffset start = DateTimeOffset.UtcNow;
        string logPath = $"/subscriptions/{Sub}/resourceGroups/IT_rg_t1_abc/providers/Microsoft.Storage/storageAccounts/abcdefghijklmnopqrstuvwx/blobServices/default/containers/packerlogs/1f2e3d4c-0000-0000-0000-000000000000/customization.log";
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.OK, Template("Failed", "", start, DateTimeOffset.UtcNow, "Packer build command has failed: exit status 1."))
            .Then(HttpStatusCode.OK, $"{{\"status\":\"Failed\",\"error\":{{\"code\":\"PackerBuildFailed\",\"message\":\"Build failed. Log: {logPath}. OperationId: 5e0a9d6e-1111-2222-3333-444444444444. Use this operationId to search packer logs.\"}}}}");
        var (runner, _) = Create(handler);

        var accepted = new BuildRun { TemplateName = "t1", ResourceGroupName = "rg", OperationUrl = Op, OperationId = "op-123", RequestedAt = start.AddSeconds(-1) };
        BuildRun done = await runner.WaitAsync(accepted, Fast(), CancellationToken.None);

        Assert.True(done.IsFailure);
        Assert.Equal("PackerBuildFailed", done.ErrorCode);
        Assert.Equal(logPath, done.LogLocation);
        Assert.Equal("5e0a9d6e-1111-2222-3333-444444444444", done.OperationId);
        Assert.Contains("Packer build command has failed", done.Message);
    }

    [Fact]
    public async Task Waiting_stops_at_the_timeout_and_says_the_build_goes_on()
    {
        var handler = new ScriptedHandler();
        for (int i = 0; i < 200; i++) handler.Then(HttpStatusCode.OK, Template("Running", "Customizing", DateTimeOffset.UtcNow));
        var (runner, _) = Create(handler);
        var options = Fast();
        options.Timeout = TimeSpan.FromMilliseconds(100);

        var ex = await Assert.ThrowsAsync<AibException>(() => runner.WaitAsync(new BuildRun { TemplateName = "t1", ResourceGroupName = "rg", RunState = "Running" }, options, CancellationToken.None));

        Assert.Equal("BuildWaitTimeout", ex.ErrorId);
        Assert.Contains("Get-AibIsolatedBuild -ResourceGroupName rg -Name t1 -Wait", ex.Message);
    }

    [Fact]
    public void Default_timeout_is_the_template_build_timeout_plus_margin()
    {
        var options = new BuildWaitOptions();
        Assert.Equal(TimeSpan.FromMinutes(60 + 45), options.EffectiveTimeout(new BuildRun { BuildTimeoutInMinutes = 60 }));
        Assert.Equal(TimeSpan.FromMinutes(240 + 45), options.EffectiveTimeout(new BuildRun { BuildTimeoutInMinutes = 0 }));
    }
}
