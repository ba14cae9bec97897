using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// Collects problems, one per field: the first problem of a field is the one to fix (later rules would only
    /// restate it, e.g. a missing source after two conflicting ones), plus the checks several rule sets share.
    /// </summary>
    internal sealed class ProblemList
    {
        private static readonly Regex Sha256 = new Regex("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant);

        private readonly List<TemplateProblem> items = new List<TemplateProblem>();

        public IReadOnlyList<TemplateProblem> Items => items;

        public void Add(AibError error, string path, string message)
        {
            if (!items.Any(p => p.FieldPath == path))
            {
                items.Add(new TemplateProblem(error, path, message));
            }
        }

        public void AddRange(IEnumerable<TemplateProblem> problems)
        {
            foreach (var p in problems)
            {
                Add(p.Error, p.FieldPath, p.Message);
            }
        }

        /// <summary>Checks that a present id is well formed and of one of the expected types; returns it parsed when it is.</summary>
        public ArmId? ResourceId(string? value, string path, string what, params string[] types)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (!ArmId.TryParse(value, out var id, out var reason))
            {
                Add(TemplateErrorIds.InvalidResourceId, path,
                    $"'{path}' is not a resource id ({reason}): "
                        + $"give the full id of {what}, /subscriptions/{{subscription}}/resourceGroups/{{group}}/providers/{types[0]}/....");
                return null;
            }

            if (!types.Any(id!.IsOfType))
            {
                Add(TemplateErrorIds.ResourceIdWrongType, path,
                    $"'{path}' is the id of a {id.ResourceType}: it must be the id of {what} ({string.Join(" or ", types)}).");
                return null;
            }

            return id;
        }

        /// <summary>Script and file URIs are downloaded by the build: they must be absolute http(s) URLs.</summary>
        public void Uri(string? value, string path)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!System.Uri.TryCreate(value, System.UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            {
                Add(TemplateErrorIds.InvalidUri, path,
                    $"'{path}' is '{value}', which is not an absolute http(s) URL: "
                        + "give the https:// address of the file (for Azure Storage, a blob URL the identity can read, or a SAS URL).");
            }
        }

        public void Sha256Checksum(string? value, string path)
        {
            if (!string.IsNullOrEmpty(value) && !Sha256.IsMatch(value))
            {
                Add(TemplateErrorIds.InvalidSha256Checksum, path,
                    $"'{path}' is not a SHA-256 checksum: give 64 hexadecimal characters, e.g. "
                        + "from (Get-FileHash -Algorithm SHA256 <file>).Hash or sha256sum.");
            }
        }
    }
}
