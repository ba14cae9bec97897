using System.Net;
using AibEmulator.Arm;
using AibEmulator.Control;
using AibEmulator.Hosting;
using AibEmulator.ImageBuilder;
using AibEmulator.Providers;
using AibEmulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// AibEmulator: ARM + Azure VM Image Builder over HTTPS on 127.0.0.1, for tests without Azure.
// Usage: AibEmulator --scenario <name|path> --out <dir> [--azurite-blob-endpoint <url>] [--reference <dir>] [--port <n>]
var options = EmulatorOptions.Parse(args);
var certificate = SelfSignedCertificate.Create();
var certificatePath = options.CertificatePath ?? Path.Combine(options.OutDirectory, "emulator-cert.pem");
SelfSignedCertificate.WritePem(certificate, certificatePath);

var state = new EmulatorState(ReferenceData.Locate(options.ReferenceDirectory),
    new AzuriteAccounts(options.AzuriteBlobEndpoint, Environment.GetEnvironmentVariable("AZURITE_ACCOUNTS")));
state.Load(ScenarioLoader.Load(options.Scenario));
var identityHeader = Guid.NewGuid().ToString("N");

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate));
    k.Listen(IPAddress.Loopback, 0); // plain HTTP, for the managed-identity endpoint only (as App Service's is)
    k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
});
builder.Services.AddSingleton(state);
builder.Services.AddRoutingCore();
var app = builder.Build();

var endpoint = new EndpointFile(state, options, certificate, certificatePath, identityHeader);
app.UseMiddleware<ArmPipeline>();
app.UseRouting();
ControlEndpoints.Map(app, state, endpoint);
Resources.Map(app, state);
AibEmulator.Providers.Features.Map(app, state);
ImageTemplates.Map(app, state);
Network.Map(app, state);
ContainerInstance.Map(app, state);
Compute.Map(app, state);
Storage.Map(app, state);
ManagedIdentity.Map(app, state, identityHeader);
PolicyInsights.Map(app, state);
AibEmulator.ResourceGraph.ResourceGraphEndpoint.Map(app, state);
Metadata.Map(app);
AibEmulator.Entra.EntraEndpoints.Map(app, state);
AibEmulator.Entra.FederatedIssuers.Map(app, state);
app.MapFallback(ctx => ScopedRoutes.Serve(ctx, state));

await app.StartAsync();
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
endpoint.ArmEndpoint = addresses.First(a => a.StartsWith("https://")).TrimEnd('/') + "/";
endpoint.IdentityEndpoint = addresses.First(a => a.StartsWith("http://")).TrimEnd('/') + "/msi/token";
endpoint.Write();
Console.WriteLine($"AibEmulator listening on {endpoint.ArmEndpoint} (scenario '{state.ScenarioName}'); wrote {endpoint.Path}");
await app.WaitForShutdownAsync();
