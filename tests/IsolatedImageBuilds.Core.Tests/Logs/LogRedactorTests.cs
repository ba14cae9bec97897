using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

public class LogRedactorTests
{
    // Planted secrets: each must vanish from every output field.
    private const string Sig = "Zm9vYmFyc2VjcmV0c2lnbmF0dXJl%2Bx%3D";
    private const string Jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
    private const string OpaqueBearer = "opaqueAccessTokenValue0123456789";
    private const string AccountKey = "q2V7b0lNn5m3Zk8cX1yT4uP9wR6sE2aD0fG7hJ3kL5zX8cV1bN4mQ9wE6rT2yU0iO3pA7sD5fG1hJ8kL4zX2cV==";
    private const string SharedAccessKey = "sharedAccessKeyValue123=";
    private const string Password1 = "P@ssw0rd-ps-param";
    private const string Password2 = "yamlPassword42";
    private const string Password3 = "jsonPassword!x";
    private const string Password4 = "cliPassword77";
    private const string Password5 = "secureStringPw9";
    private const string Password6 = "connStringPwd11";
    private const string ClientSecret = "clientSecretValue~abc.123";

    private static readonly string[] Secrets =
    {
        Sig, Jwt, OpaqueBearer, AccountKey, SharedAccessKey, Password1, Password2, Password3, Password4, Password5, Password6, ClientSecret,
    };

    private static readonly string PlantedLog = string.Join("\n", new[]
    {
        "[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner powershell",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER 2025/01/01 10:00:01 ui error: ==> azure-arm: Downloading external file (https://acct.blob.core.windows.net/scripts/a.ps1?sv=2022-11-02&se=2030-01-01&sp=r&sig={Sig}) [attempt 1 of 10] failed",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: Authorization: Bearer {Jwt}",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: token {Jwt} leaked bare",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: curl -H 'Authorization: Bearer {OpaqueBearer}' https://x",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AccountKey};EndpointSuffix=core.windows.net",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: key printed alone: {AccountKey}",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey={SharedAccessKey}",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: New-LocalUser -Name svc -Password '{Password1}' failed",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: password: {Password2}",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: {{\"userName\": \"svc\", \"password\": \"{Password3}\"}}",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: az vm create --admin-username x --password {Password4} --verbose",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: $p = ConvertTo-SecureString '{Password5}' -AsPlainText -Force",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: Server=db;Database=x;User Id=sa;pwd={Password6};",
        $"[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: POST /token grant_type=client_credentials&client_id=abc&client_secret={ClientSecret}&scope=x",
        "[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT Build 'azure-arm' errored: something failed",
    });

    [Fact]
    public void Planted_secrets_appear_in_no_output_field()
    {
        var (entries, summary) = LogTestSupport.Analyze(PlantedLog);
        string output = LogTestSupport.AllOutput(entries, summary);

        Assert.Equal(16, entries.Count);
        Assert.Contains("sig=REDACTED", output);
        Assert.NotEmpty(summary.Diagnosis!.EvidenceLines); // AIB-015 with the SAS URL as evidence
        foreach (var secret in Secrets) Assert.DoesNotContain(secret, output);
    }

    [Fact]
    public void Secrets_in_service_messages_are_masked_in_the_evidence()
    {
        var analyzer = new LogAnalyzer();
        analyzer.AddServiceError($"PackerBuildFailed: logs at https://acct.blob.core.windows.net/packerlogs/x/customization.log?sv=1&sig={Sig}");
        var summary = analyzer.GetSummary();
        Assert.DoesNotContain(Sig, LogTestSupport.AllOutput([], summary));
    }

    [Fact]
    public void NoRedact_keeps_the_text()
    {
        var (entries, _) = LogTestSupport.Analyze(PlantedLog, redact: false);
        string output = LogTestSupport.AllOutput(entries, new LogSummary());
        foreach (var secret in Secrets) Assert.Contains(secret, output);
    }

    [Theory]
    [InlineData("https://a.blob.core.windows.net/c/b?sv=2022&sig=abc%2Fdef&se=2030", "https://a.blob.core.windows.net/c/b?sv=2022&sig=REDACTED&se=2030")]
    [InlineData("Authorization: Bearer abc.def-ghi", "Authorization: Bearer REDACTED")]
    // Packer masks secrets itself: a value of asterisks only is left as logged, anything else is still masked.
    [InlineData("plugin: 2026/02/22 01:06:07 Password=********************************", "plugin: 2026/02/22 01:06:07 Password=********************************")]
    [InlineData("Password=\"*****\"; next", "Password=\"*****\"; next")]
    [InlineData("Password=****x", "Password=REDACTED")]
    [InlineData("-Password ***tail", "-Password REDACTED")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic REDACTED")]
    [InlineData("AccountKey=abc+/def==;EndpointSuffix=x", "AccountKey=REDACTED;EndpointSuffix=x")]
    [InlineData("Password=hunter2;User=x", "Password=REDACTED;User=x")]
    [InlineData("-Password \"two words\" -Force", "-Password REDACTED -Force")]
    [InlineData("--password=hunter2", "--password=REDACTED")]
    [InlineData("\"client_secret\": \"abc\"", "\"client_secret\": REDACTED")]
    [InlineData("ConvertTo-SecureString -String \"pw\" -AsPlainText", "ConvertTo-SecureString -String REDACTED -AsPlainText")]
    [InlineData("    azure-arm: temp admin password: 'lalalalalalala'", "    azure-arm: temp admin password: REDACTED")] // Packer's debug output
    public void Masks_each_form(string input, string expected)
    {
        Assert.Equal(expected, LogRedactor.Default.Redact(input));
    }

    [Theory]
    [InlineData("[x] PACKER ==> azure-arm: Deploying deployment template ...")]
    [InlineData("[x] PACKER 2023/09/14 19:01:18 ui: ==> Builds finished but no artifacts were created.")]
    [InlineData("    azure-arm: Creating Key Vault pkrkv123 for the WinRM certificate")]
    [InlineData("    azure-arm: Please enter your password when prompted")]
    [InlineData("https://a.blob.core.windows.net/c/b.ps1")]
    public void Leaves_ordinary_lines_alone(string line)
    {
        Assert.Same(line, LogRedactor.Default.Redact(line));
    }

    // A redacted line keeps its first parse when only the message changed; it is parsed again when the message decided
    // the stream (a bare paste) or the prefixes changed. Either way every field is what a parse of the redacted line gives.
    [Theory]
    [InlineData("[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER 2026/01/01 08:00:00 ui:     azure-arm: GET https://a.blob.core.windows.net/c/x?sv=1&sig=abcdef")]
    [InlineData("[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER OUT     azure-arm: $p = ConvertTo-SecureString 'pw9' -AsPlainText")]
    [InlineData("[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER ERR 2026/01/01 08:00:00 packer-plugin-azure plugin: Password=hunter2")]
    [InlineData("2026-01-01T08:00:00.1234567Z [0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER ==> azure-arm: token eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln")]
    [InlineData("    azure-arm: -Password 'hunter2' -Force")]
    [InlineData("[sig=abcdef] PACKER OUT hello")]
    public void A_redacted_line_parses_as_its_redacted_text_would(string line)
    {
        var entry = new LogAnalyzer().Process(line);
        var expected = LogLineParser.Parse(LogRedactor.Default.Redact(line), 1);

        Assert.NotEqual(line, entry.Raw);
        Assert.Contains(LogRedactor.Mask, entry.Raw);
        Assert.Equal(expected.Raw, entry.Raw);
        Assert.Equal(expected.Message, entry.Message);
        Assert.Equal(expected.Stream, entry.Stream);
        Assert.Equal(expected.OperationId, entry.OperationId);
        Assert.Equal(expected.Time, entry.Time);
        Assert.EndsWith(entry.Message, entry.Raw);
    }
}
