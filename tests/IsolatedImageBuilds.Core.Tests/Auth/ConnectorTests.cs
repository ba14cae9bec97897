using System.Security;
using System.Text;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Tests.Auth;

public class ConnectorTests
{
    private const string Sub = "6a1b2c3d-0000-4000-8000-000000000001";

    private static AibConnectionOptions Options(params (string Name, string Value)[] env) => new()
    {
        ArmEndpoint = "https://127.0.0.1:9",
        SubscriptionId = Sub,
        EnvironmentVariables = env.ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.OrdinalIgnoreCase),
    };

    private static SecureString Secure(string value)
    {
        var s = new SecureString();
        foreach (char c in value) s.AppendChar(c);
        return s;
    }

    private static string Jwt(string upn, string tid, DateTimeOffset exp)
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("{\"alg\":\"none\"}") + "." + B64($"{{\"upn\":\"{upn}\",\"tid\":\"{tid}\",\"exp\":{exp.ToUnixTimeSeconds()}}}") + ".sig";
    }

    [Fact]
    public async Task Access_token_connection_describes_the_account_without_the_token()
    {
        string token = Jwt("dev@contoso.com", "72f988bf-86f1-41af-91ab-2d7cd011db47", DateTimeOffset.UtcNow.AddHours(1));
        AibConnectionOptions options = Options();
        options.SignInMode = AibSignInMode.AccessToken;
        options.AccessToken = Secure(token);

        AibConnection connection = await AibConnector.ConnectAsync(options, CancellationToken.None);

        Assert.Equal("dev@contoso.com", connection.Account);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", connection.TenantId);
        Assert.Equal(Sub, connection.SubscriptionId);
        Assert.Equal("Custom", connection.Cloud.Name);
        Assert.Equal("https://127.0.0.1:9/", connection.Cloud.ArmEndpoint.ToString());
        Assert.DoesNotContain(typeof(AibConnection).GetProperties(), p => p.PropertyType == typeof(string) && (p.GetValue(connection) as string) == token);
    }

    [Fact]
    public async Task Automatic_chain_takes_the_az_context_when_nothing_earlier_applies()
    {
        AibConnectionOptions options = Options();
        options.AzPowerShellToken = (scope, _) => Task.FromResult(new SessionToken(Jwt("az@contoso.com", "t", DateTimeOffset.UtcNow.AddHours(1)), DateTimeOffset.UtcNow.AddHours(1), "az@contoso.com", null));

        AibConnection connection = await AibConnector.ConnectAsync(options, CancellationToken.None);

        Assert.Equal(AibSignInMode.AzPowerShell, connection.SignInMode);
        Assert.Equal("az@contoso.com", connection.Account);
    }

    [Fact]
    public async Task Automatic_chain_reports_each_mode_and_why_when_none_works()
    {
        AibConnectionOptions options = Options(("PATH", "/nonexistent"));
        var ex = await Assert.ThrowsAsync<AibException>(() => AibConnector.ConnectAsync(options, CancellationToken.None));
        Assert.Equal("ConnectNoCredential", ex.ErrorId);
        Assert.Equal(AibErrorCategory.AuthenticationError, ex.Category);
        foreach (AibSignInMode mode in AibConnector.AutomaticOrder) Assert.Contains(mode + ": ", ex.Message);
    }

    [Fact]
    public async Task A_failing_mode_is_reported_and_the_next_one_is_tried()
    {
        AibConnectionOptions options = Options(("PATH", "/nonexistent"));
        options.AzPowerShellToken = (_, _) => throw new InvalidOperationException("Run Connect-AzAccount to login.");
        var ex = await Assert.ThrowsAsync<AibException>(() => AibConnector.ConnectAsync(options, CancellationToken.None));
        Assert.Contains("AzPowerShell: Run Connect-AzAccount to login.", ex.Message);
        Assert.Contains("AzureCli: az is not on PATH", ex.Message);
    }

    [Theory]
    [InlineData("Environment", "AzureMoon", "ConnectUnknownEnvironment")]
    [InlineData("ArmEndpoint", "http://127.0.0.1:1", "ConnectInvalidArmEndpoint")]
    [InlineData("ArmEndpoint", "https://127.0.0.1:1/path", "ConnectInvalidArmEndpoint")]
    [InlineData("ArmEndpoint", "https://127.0.0.1:1/?x=1", "ConnectInvalidArmEndpoint")]
    [InlineData("SubscriptionId", "abc", "ConnectInvalidSubscriptionId")]
    [InlineData("TenantId", "not a tenant", "ConnectInvalidTenantId")]
    [InlineData("ClientId", "mi-name", "ConnectInvalidClientId")]
    public async Task Bad_values_are_refused_with_their_own_id_naming_the_parameter(string field, string value, string errorId)
    {
        var options = new AibConnectionOptions { SignInMode = AibSignInMode.AccessToken, AccessToken = Secure("x"), EnvironmentVariables = new Dictionary<string, string?>() };
        typeof(AibConnectionOptions).GetProperty(field)!.SetValue(options, value);
        var ex = await Assert.ThrowsAsync<AibException>(() => AibConnector.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(field, ex.Target);
        Assert.Contains("-" + field, ex.Message);
    }

    [Fact]
    public async Task Skip_certificate_check_needs_a_custom_endpoint()
    {
        var options = new AibConnectionOptions { SkipCertificateCheck = true, SignInMode = AibSignInMode.AccessToken, AccessToken = Secure("x") };
        var ex = await Assert.ThrowsAsync<AibException>(() => AibConnector.ConnectAsync(options, CancellationToken.None));
        Assert.Equal("ConnectSkipCertificateCheckWithoutArmEndpoint", ex.ErrorId);
    }

    [Fact]
    public void Known_clouds_have_their_endpoints_and_scopes()
    {
        Assert.Equal("https://management.usgovcloudapi.net/", AibCloud.FromName("azureusgovernment").ArmEndpoint.ToString());
        Assert.Equal("https://management.core.windows.net/.default", AibCloud.AzureCloud.Scope);
        Assert.Equal("https://login.chinacloudapi.cn/", AibCloud.AzureChinaCloud.AuthorityHost.ToString());
    }
}

public class SessionTokenCredentialTests
{
    [Fact]
    public async Task Caches_the_token_and_refreshes_it_five_minutes_before_expiry()
    {
        int calls = 0;
        DateTimeOffset expiry = DateTimeOffset.UtcNow.AddMinutes(30);
        var credential = new SessionTokenCredential((_, _) =>
        {
            calls++;
            return Task.FromResult(new SessionToken("t" + calls, expiry, null, null));
        });
        var context = new Azure.Core.TokenRequestContext(new[] { "https://arm/.default" });

        Assert.Equal("t1", (await credential.GetTokenAsync(context, default)).Token);
        Assert.Equal("t1", (await credential.GetTokenAsync(context, default)).Token);
        Assert.Equal(1, calls);

        expiry = DateTimeOffset.UtcNow.AddMinutes(4); // the next token handed out is near its end
        var nearlyExpired = new SessionTokenCredential((_, _) => { calls++; return Task.FromResult(new SessionToken("t" + calls, expiry, null, null)); });
        await nearlyExpired.GetTokenAsync(context, default);
        await nearlyExpired.GetTokenAsync(context, default);
        Assert.Equal(3, calls);
    }
}
