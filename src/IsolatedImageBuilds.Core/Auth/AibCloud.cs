using System;
using System.Collections.Generic;
using System.Linq;
using IsolatedImageBuilds.Core.Errors;
using Connect = IsolatedImageBuilds.Core.CommandNames.ConnectAibAccount;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>An Azure cloud: where ARM is, which audience its tokens need, where Entra ID signs in.</summary>
    public sealed class AibCloud
    {
        private AibCloud(string name, Uri armEndpoint, string audience, Uri authorityHost, bool hasCustomAuthority = false)
        {
            Name = name;
            ArmEndpoint = armEndpoint;
            Audience = audience;
            AuthorityHost = authorityHost;
            HasCustomAuthority = hasCustomAuthority;
        }

        public string Name { get; }
        public Uri ArmEndpoint { get; }
        public string Audience { get; }
        public Uri AuthorityHost { get; }

        /// <summary>True when the authority was given (-AuthorityHost, AZURE_AUTHORITY_HOST) rather than the cloud's own.</summary>
        public bool HasCustomAuthority { get; }

        /// <summary>The same cloud signing in at another Entra ID authority (a private or sovereign cloud's, Azure Stack's ADFS).</summary>
        public AibCloud WithAuthorityHost(string authorityHost)
        {
            if (!Uri.TryCreate(authorityHost, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new AibException(ConnectErrorIds.InvalidAuthorityHost,
                    $"-{Connect.AuthorityHost} (or AZURE_AUTHORITY_HOST) '{authorityHost}' is not a usable Microsoft Entra authority. "
                    + "Give an absolute https URI such as https://login.microsoftonline.us/ (tokens are only requested over https).",
                    Connect.AuthorityHost);
            }
            return new AibCloud(Name, ArmEndpoint, Audience, new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), hasCustomAuthority: true);
        }

        /// <summary>The OAuth scope for ARM tokens.</summary>
        public string Scope => Audience.TrimEnd('/') + "/.default";

        public static AibCloud AzureCloud { get; } = new AibCloud("AzureCloud",
            new Uri("https://management.azure.com/"), "https://management.core.windows.net/", new Uri("https://login.microsoftonline.com/"));

        public static AibCloud AzureUSGovernment { get; } = new AibCloud("AzureUSGovernment",
            new Uri("https://management.usgovcloudapi.net/"), "https://management.core.usgovcloudapi.net/",
            new Uri("https://login.microsoftonline.us/"));

        public static AibCloud AzureChinaCloud { get; } = new AibCloud("AzureChinaCloud",
            new Uri("https://management.chinacloudapi.cn/"), "https://management.core.chinacloudapi.cn/", new Uri("https://login.chinacloudapi.cn/"));

        public static IReadOnlyList<AibCloud> KnownClouds { get; } = new[] { AzureCloud, AzureUSGovernment, AzureChinaCloud };

        public static IReadOnlyList<string> KnownNames { get; } = KnownClouds.Select(c => c.Name).ToArray();

        /// <summary>Looks a cloud up by name (case-insensitive), or refuses with the list of valid names.</summary>
        public static AibCloud FromName(string name)
        {
            AibCloud? cloud = KnownClouds.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (cloud == null)
            {
                throw new AibException(ConnectErrorIds.UnknownEnvironment,
                    $"-{Connect.Environment} '{name}' is not a known Azure cloud. Use one of: {string.Join(", ", KnownNames)}; "
                    + $"for Azure Stack or another endpoint use -{Connect.ArmEndpoint} <https uri>.",
                    Connect.Environment);
            }
            return cloud;
        }

        /// <summary>A custom ARM endpoint (Azure Stack, the emulator). Tokens are requested for the endpoint itself unless an audience is given.</summary>
        public static AibCloud Custom(string armEndpoint, string? audience = null)
        {
            if (string.IsNullOrWhiteSpace(armEndpoint)
                || !Uri.TryCreate(armEndpoint, UriKind.Absolute, out Uri? uri)
                || uri.Scheme != Uri.UriSchemeHttps
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
                || (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0 && uri.AbsolutePath.Trim('/').Length > 0))
            {
                throw new AibException(ConnectErrorIds.InvalidArmEndpoint,
                    $"-{Connect.ArmEndpoint} '{armEndpoint}' is not a usable ARM endpoint. "
                    + "Give an absolute https URI with no path, query or fragment, "
                    + "such as https://management.local.azurestack.external or https://127.0.0.1:8443 (bearer tokens are only sent over https).",
                    Connect.ArmEndpoint);
            }
            var normalized = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            return new AibCloud("Custom", normalized, audience ?? normalized.ToString(), AzureCloud.AuthorityHost);
        }
    }
}
