using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// Turns an imported resource into something the PUT of a strict api-version accepts without losing fields:
    /// read-only fields (a GET response's provisioningState, lastRunStatus, identity principalId, ...) are removed,
    /// and for files of the lenient api-versions (before 2024-02-01) mis-cased field names get the specification's casing.
    /// </summary>
    internal static class SpecNormaliser
    {
        private static readonly string[] ReadOnlyResourceKeys = { "id", "systemData", "etag" };

        public static void Normalise(JsonObject resource, SwaggerShape shape, bool fixCasing, ICollection<string> notes)
        {
            foreach (var key in ReadOnlyResourceKeys.Where(resource.ContainsKey))
            {
                resource.Remove(key);
                notes.Add($"Removed read-only '{key}'.");
            }

            var root = shape.View(shape.Definition("ImageTemplate"), "ImageTemplate", resource);
            if (fixCasing)
            {
                FixCasing(root, resource, string.Empty, notes);
            }

            foreach (var key in new[] { "identity", "properties", "tags" })
            {
                if (resource[key] != null && root.Properties.TryGetValue(key, out var property))
                {
                    Visit(shape, resource[key], property.Schema, property.Owner, key, fixCasing, notes);
                }
            }
        }

        private static void Visit(SwaggerShape shape, JsonNode? node, JsonObject schema, string owner, string path, bool fixCasing,
            ICollection<string> notes)
        {
            var view = shape.View(schema, owner, node);
            switch (node)
            {
                case JsonObject obj:
                    if (fixCasing)
                    {
                        FixCasing(view, obj, path, notes);
                    }

                    foreach (var pair in obj.ToList())
                    {
                        var childPath = JsonPath.Child(path, pair.Key);
                        var childSchema = view.Properties.TryGetValue(pair.Key, out var p) ? p.Schema : view.AdditionalProperties;
                        if (childSchema == null)
                        {
                            continue;
                        }

                        if (shape.View(childSchema, owner, pair.Value).ReadOnly)
                        {
                            obj.Remove(pair.Key);
                            notes.Add($"Removed read-only '{childPath}'.");
                        }
                        else
                        {
                            Visit(shape, pair.Value, childSchema, p?.Owner ?? owner, childPath, fixCasing, notes);
                        }
                    }

                    break;
                case JsonArray array when view.Items != null:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Visit(shape, array[i], view.Items, owner, JsonPath.Index(path, i), fixCasing, notes);
                    }

                    break;
            }
        }

        /// <summary>Renames keys that match a known field case-insensitively, keeping their order.</summary>
        private static void FixCasing(SchemaView view, JsonObject obj, string path, ICollection<string> notes)
        {
            var renames = obj
                .Select(p => p.Key)
                .Where(k => !view.Properties.ContainsKey(k))
                .Select(k => (From: k, To: view.Properties.Keys.FirstOrDefault(known => string.Equals(known, k, StringComparison.OrdinalIgnoreCase))))
                .Where(r => r.To != null && !obj.ContainsKey(r.To))
                .ToList();
            if (renames.Count == 0)
            {
                return;
            }

            var pairs = obj.ToList();
            obj.Clear();
            foreach (var pair in pairs)
            {
                var rename = renames.FirstOrDefault(r => r.From == pair.Key);
                obj[rename.To ?? pair.Key] = pair.Value;
                if (rename.To != null)
                {
                    notes.Add($"Renamed '{JsonPath.Child(path, pair.Key)}' to '{rename.To}': api-versions from 2024-02-01 are case-sensitive.");
                }
            }
        }
    }
}
