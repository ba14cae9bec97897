using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>One raw ARM call: method, path (relative to the ARM endpoint, or an absolute URL such as a nextLink), api-version, body.</summary>
    public sealed class ArmRequest
    {
        public ArmRequest(string method, string path, string? apiVersion, JsonNode? body = null)
        {
            Method = method;
            Path = path;
            ApiVersion = apiVersion;
            Body = body;
        }

        public string Method { get; }
        public string Path { get; }
        public string? ApiVersion { get; }
        public JsonNode? Body { get; }

        /// <summary>For POSTs that change nothing (listKeys, checkPolicyRestrictions): lets the pipeline retry them.</summary>
        public bool Idempotent { get; set; }

        public static ArmRequest Get(string path, string apiVersion) => new ArmRequest("GET", path, apiVersion);
    }
}
