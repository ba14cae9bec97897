using System.Net;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Tests.Arm;

public class ArmRequestSenderTests
{
    private const string TemplatePath = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t1";

    [Fact]
    public async Task Sends_bearer_token_and_pinned_api_version()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, "{\"name\":\"t1\"}");
        ArmResponse response = await handler.CreateSender().SendAsync(ArmRequest.Get(TemplatePath, ArmApiVersions.ImageTemplates), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal("t1", response.Json!["name"]!.GetValue<string>());
        Assert.Equal("https://arm.test" + TemplatePath + "?api-version=2024-02-01", handler.Sent.Single().Uri);
        Assert.Equal("Bearer test-token", handler.Sent.Single().Authorization);
    }

    [Fact]
    public async Task Absolute_next_link_is_used_as_given()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.OK, "{\"value\":[]}");
        string next = "https://arm.test/subscriptions/s/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=2024-02-01&$skiptoken=abc";
        await handler.CreateSender().SendAsync(ArmRequest.Get(next, ArmApiVersions.ImageTemplates), CancellationToken.None);
        Assert.Equal(next, handler.Sent.Single().Uri);
    }

    [Theory]
    [InlineData("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client has no authorization\",\"target\":\"x\"}}", 403, "ArmAuthorizationFailed", AibErrorCategory.PermissionDenied)]
    [InlineData("{\"code\":\"ResourceNotFound\",\"message\":\"old unwrapped shape\"}", 404, "ArmResourceNotFound", AibErrorCategory.ObjectNotFound)]
    [InlineData("{\"error\":{\"code\":\"RequestDisallowedByPolicy\",\"message\":\"denied\"}}", 403, "ArmRequestDisallowedByPolicy", AibErrorCategory.SecurityError)]
    [InlineData("{\"error\":{\"code\":\"Conflict\",\"message\":\"Update/Upgrade of image templates is currently not supported\"}}", 409, "ArmConflict", AibErrorCategory.ResourceExists)]
    [InlineData("not json at all", 400, "ArmHttp400", AibErrorCategory.InvalidArgument)]
    public async Task Error_answers_become_exceptions_with_azure_code_and_category(string body, int status, string errorId, AibErrorCategory category)
    {
        var handler = new ScriptedHandler().Then((HttpStatusCode)status, body, ("x-ms-request-id", "rid-1"));
        var ex = await Assert.ThrowsAsync<AibArmException>(() => handler.CreateSender().SendAsync(ArmRequest.Get(TemplatePath, ArmApiVersions.ImageTemplates), CancellationToken.None));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(category, ex.Category);
        Assert.Equal(status, ex.Status);
        Assert.Equal("rid-1", ex.RequestId);
        Assert.Contains(TemplatePath, ex.Message);
    }

    [Fact]
    public async Task Get_is_retried_on_transient_failures_and_resets()
    {
        var handler = new ScriptedHandler()
            .Then(HttpStatusCode.ServiceUnavailable)
            .ThenReset()
            .Then((HttpStatusCode)429, null, ("Retry-After", "0"))
            .Then(HttpStatusCode.InternalServerError)
            .Then(HttpStatusCode.OK, "{}");
        ArmResponse response = await handler.CreateSender().SendAsync(ArmRequest.Get(TemplatePath, ArmApiVersions.ImageTemplates), CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal(5, handler.Sent.Count);
    }

    [Fact]
    public async Task Post_is_resent_after_429_and_503_which_mean_nothing_was_done()
    {
        var handler = new ScriptedHandler()
            .Then((HttpStatusCode)429, null, ("Retry-After", "0"))
            .Then(HttpStatusCode.ServiceUnavailable)
            .Then(HttpStatusCode.Accepted);
        ArmResponse response = await handler.CreateSender().SendAsync(new ArmRequest("POST", TemplatePath + "/run", ArmApiVersions.ImageTemplates), CancellationToken.None);
        Assert.Equal(202, response.Status);
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task Post_is_not_resent_when_its_answer_was_lost()
    {
        var handler = new ScriptedHandler().ThenReset().Then(HttpStatusCode.Accepted);
        await Assert.ThrowsAnyAsync<Exception>(() => handler.CreateSender().SendAsync(new ArmRequest("POST", TemplatePath + "/run", ArmApiVersions.ImageTemplates), CancellationToken.None));
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task Post_is_not_resent_after_a_500_which_may_have_started_work()
    {
        var handler = new ScriptedHandler().Then(HttpStatusCode.InternalServerError, "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"boom\"}}").Then(HttpStatusCode.Accepted);
        var ex = await Assert.ThrowsAsync<AibArmException>(() => handler.CreateSender().SendAsync(new ArmRequest("POST", TemplatePath + "/run", ArmApiVersions.ImageTemplates), CancellationToken.None));
        Assert.Equal(500, ex.Status);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task Read_only_post_marked_idempotent_is_retried()
    {
        var handler = new ScriptedHandler().ThenReset().Then(HttpStatusCode.InternalServerError).Then(HttpStatusCode.OK, "{\"keys\":[]}");
        var request = new ArmRequest("POST", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/listKeys", ArmApiVersions.Storage, new JsonObject()) { Idempotent = true };
        ArmResponse response = await handler.CreateSender().SendAsync(request, CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal(3, handler.Sent.Count);
    }
}
