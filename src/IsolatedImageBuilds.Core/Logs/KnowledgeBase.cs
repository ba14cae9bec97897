using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>When a known failure shows: when the template is submitted, or during the build.</summary>
    public enum FailurePhase
    {
        Build,
        Submission,
    }

    /// <summary>One known failure of the knowledge base (the matcher stays internal).</summary>
    public sealed class KnowledgeBaseItem
    {
        public string Id { get; internal set; } = string.Empty;
        public string Title { get; internal set; } = string.Empty;
        public string Cause { get; internal set; } = string.Empty;
        public string Fix { get; internal set; } = string.Empty;
        public DiagnosisSeverity Severity { get; internal set; }
        public bool Harmless { get; internal set; }
        public FailurePhase Phase { get; internal set; }

        /// <summary>Higher wins when several items match; specific causes rank above generic ones.</summary>
        public int Priority { get; internal set; }

        /// <summary>Where the item comes from (e.g. the troubleshooting table row).</summary>
        public string? Reference { get; internal set; }

        /// <summary>A failed step: the failing provisioner's own error lines join the evidence.</summary>
        public bool StepErrors { get; internal set; }

        /// <summary>Fixed confidence, or null to derive it from how many conditions matched.</summary>
        internal DiagnosisConfidence? Confidence { get; set; }
        internal MatchNode Match { get; set; } = null!;
    }

    /// <summary>Which input a condition looks at: log lines, service error messages, or both.</summary>
    internal enum ConditionInput
    {
        Any,
        Log,
        Service,
    }

    /// <summary>
    /// What a condition asks of the build's timeline at its line: nothing, that the build timeout was reached
    /// (the line comes about <c>buildTimeoutInMinutes</c> after the log's first timestamp), or that this cannot be
    /// told (timeout or timestamps unknown).
    /// </summary>
    internal enum BuildTimeoutCheck
    {
        None,
        Reached,
        Unknown,
    }

    /// <summary>A node of an item's matcher: allOf / anyOf / a line condition.</summary>
    internal abstract class MatchNode
    {
    }

    internal sealed class AllOfNode : MatchNode
    {
        public AllOfNode(List<MatchNode> children) { Children = children; }
        public List<MatchNode> Children { get; }
    }

    internal sealed class AnyOfNode : MatchNode
    {
        public AnyOfNode(List<MatchNode> children) { Children = children; }
        public List<MatchNode> Children { get; }
    }

    /// <summary>
    /// "A line holding one of <see cref="Text"/> (and matching <see cref="Regex"/>), on these streams, in these stages,
    /// while one of these provisioners runs, after condition X (within N lines), not followed by condition Y,
    /// at least N times." Its state while a log streams lives in the diagnoser, keyed by <see cref="Slot"/>.
    /// </summary>
    internal sealed class LineCondition : MatchNode
    {
        public string? Name { get; set; }
        public string[] Text { get; set; } = Array.Empty<string>();
        public string[] NotText { get; set; } = Array.Empty<string>();
        public Regex? Regex
        {
            get => _regex?.Interpreted;
            set => _regex = value == null ? null : new RegexCompiledWhenBusy(value);
        }

        // Parsed when the knowledge base loads, compiled once it has run often: a few run on many lines of a long log
        // (download progress, say).
        private RegexCompiledWhenBusy? _regex;

        /// <summary>True when the condition has no regex or its regex matches <paramref name="text"/>. Thread-safe.</summary>
        public bool RegexMatches(string text) => _regex == null || _regex.IsMatch(text);

        public LogStream[]? Streams { get; set; }
        public BuildStage[]? Stages { get; set; }

        /// <summary>Provisioner names (lower case); "*" = any provisioner running.</summary>
        public string[]? Provisioners { get; set; }
        public ConditionInput Input { get; set; }
        public string? AfterName { get; set; }
        public LineCondition? After { get; set; }
        public int Within { get; set; }
        public string? NotAfterName { get; set; }
        public LineCondition? NotAfter { get; set; }

        /// <summary>Not on a line that comes after one of this condition (e.g. a cancellation after Packer's own error).</summary>
        public string? UnlessAfterName { get; set; }
        public LineCondition? UnlessAfter { get; set; }
        public int MinCount { get; set; } = 1;

        /// <summary>The timeline test of the line (<c>buildTimeout</c>: reached | unknown).</summary>
        public BuildTimeoutCheck BuildTimeout { get; set; }

        /// <summary>Context only: its lines are evidence but do not say where the failure happened.</summary>
        public bool Context { get; set; }

        /// <summary>Index into the diagnoser's state arrays.</summary>
        public int Slot { get; set; }

        /// <summary>The owning item, or null for a failure signal.</summary>
        public KnowledgeBaseItem? Item { get; set; }
    }

    /// <summary>
    /// The knowledge base of known AIB failures, kept as data (<c>Logs/KnowledgeBase/known-failures.json</c>,
    /// embedded). Each item has a small matcher: <c>allOf</c>/<c>anyOf</c> of line conditions with
    /// <c>text</c> (any of, case-insensitive), <c>regex</c>, <c>notText</c>, <c>stream</c>, <c>stage</c>, <c>provisioner</c>,
    /// <c>input</c> (log|service|any), <c>after</c> + <c>within</c>, <c>notAfter</c>, <c>unlessAfter</c>, <c>minCount</c>, <c>context</c>,
    /// <c>buildTimeout</c> (reached|unknown).
    /// </summary>
    public sealed class KnowledgeBase
    {
        private const string ResourceName = "IsolatedImageBuilds.Core.Logs.KnowledgeBase.known-failures.json";
        private static readonly Lazy<KnowledgeBase> DefaultInstance = new Lazy<KnowledgeBase>(LoadEmbedded);

        private KnowledgeBase() { }

        /// <summary>The knowledge base shipped with the module.</summary>
        public static KnowledgeBase Default => DefaultInstance.Value;

        public IReadOnlyList<KnowledgeBaseItem> Items { get; private set; } = Array.Empty<KnowledgeBaseItem>();

        /// <summary>Title, cause and fix used for <c>AIB-UNKNOWN</c>.</summary>
        public KnowledgeBaseItem Unknown { get; private set; } = null!;

        /// <summary>Every condition, indexed by <see cref="LineCondition.Slot"/>.</summary>
        internal IReadOnlyList<LineCondition> Conditions { get; private set; } = Array.Empty<LineCondition>();

        /// <summary>Every condition's text fragments: the diagnoser looks closer only at lines holding one.</summary>
        internal AsciiKeywordSearch Keywords { get; private set; } = null!;

        /// <summary>The fragments of <see cref="Keywords"/>, in its order.</summary>
        internal IReadOnlyList<string> KeywordTexts { get; private set; } = System.Array.Empty<string>();

        /// <summary>For each keyword of <see cref="Keywords"/>, the slots of the conditions that use it.</summary>
        internal int[][] KeywordConditions { get; private set; } = System.Array.Empty<int[]>();

        public KnowledgeBaseItem? Find(string id) => Items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>Loads a knowledge base from JSON text (same schema as the embedded one).</summary>
        public static KnowledgeBase Parse(string json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            try
            {
                var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
                using (var doc = JsonDocument.Parse(json, options))
                {
                    return Build(doc.RootElement);
                }
            }
            catch (JsonException ex)
            {
                throw Invalid("The knowledge base is not valid JSON: " + ex.Message, null, ex);
            }
        }

        private static KnowledgeBase LoadEmbedded()
        {
            using (var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream(ResourceName))
            {
                if (stream == null)
                {
                    throw new AibException(LogErrorIds.KnowledgeBaseMissing,
                        "The embedded resource " + ResourceName + " is missing from IsolatedImageBuilds.Core; rebuild the assembly.");
                }
                using (var reader = new StreamReader(stream))
                {
                    return Parse(reader.ReadToEnd());
                }
            }
        }

        private static KnowledgeBase Build(JsonElement root)
        {
            var kb = new KnowledgeBase();
            var conditions = new List<LineCondition>();
            var items = new List<KnowledgeBaseItem>();
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            foreach (var element in ArrayOf(root, "items", "knowledge base"))
            {
                var item = ReadItem(element);
                if (!ids.Add(item.Id)) throw Invalid("Duplicate item id " + item.Id + ".", item.Id);
                var scope = new Dictionary<string, LineCondition>(StringComparer.Ordinal);
                int first = conditions.Count;
                if (element.TryGetProperty("markers", out var markers))
                {
                    foreach (var m in markers.EnumerateArray())
                    {
                        // A marker is a named condition the match refers to; it lives in the conditions list.
                        var marker = ReadCondition(m, item.Id, scope, conditions, item);
                        if (marker.Name == null) throw Invalid("Every marker needs an id.", item.Id);
                    }
                }
                if (!element.TryGetProperty("match", out var match)) throw Invalid("Item has no 'match'.", item.Id);
                item.Match = ReadNode(match, item.Id, scope, conditions, item);
                Resolve(conditions.Skip(first), scope, item.Id);
                items.Add(item);
            }

            // Failure signals are conditions without an item: the diagnoser tells them apart by that.
            var signalScope = new Dictionary<string, LineCondition>(StringComparer.Ordinal);
            int firstSignal = conditions.Count;
            foreach (var element in ArrayOf(root, "failureSignals", "knowledge base"))
            {
                ReadCondition(element, "failureSignals", signalScope, conditions, null);
            }
            Resolve(conditions.Skip(firstSignal), signalScope, "failureSignals");

            if (!root.TryGetProperty("unknown", out var unknown)) throw Invalid("The knowledge base has no 'unknown' entry.", null);
            kb.Unknown = new KnowledgeBaseItem
            {
                Id = Diagnosis.UnknownId,
                Title = Required(unknown, "title", Diagnosis.UnknownId),
                Cause = Required(unknown, "cause", Diagnosis.UnknownId),
                Fix = Required(unknown, "fix", Diagnosis.UnknownId),
                Severity = DiagnosisSeverity.Error,
                Match = new AnyOfNode(new List<MatchNode>()),
            };

            kb.Items = items;
            kb.Conditions = conditions;
            var keywords = conditions.SelectMany(c => c.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            kb.Keywords = new AsciiKeywordSearch(keywords);
            kb.KeywordTexts = keywords;
            kb.KeywordConditions = keywords
                .Select(k => conditions.Where(c => c.Text.Contains(k, StringComparer.OrdinalIgnoreCase)).Select(c => c.Slot).ToArray())
                .ToArray();
            return kb;
        }

        private static KnowledgeBaseItem ReadItem(JsonElement e)
        {
            string id = Required(e, "id", "(item without id)");
            var item = new KnowledgeBaseItem
            {
                Id = id,
                Title = Required(e, "title", id),
                Cause = Required(e, "cause", id),
                Fix = Required(e, "fix", id),
                Severity = EnumValue(e, "severity", DiagnosisSeverity.Error, id),
                Harmless = e.TryGetProperty("harmless", out var h) && h.ValueKind == JsonValueKind.True,
                Phase = EnumValue(e, "phase", FailurePhase.Build, id),
                Priority = e.TryGetProperty("priority", out var p) ? p.GetInt32() : 50,
                Reference = e.TryGetProperty("reference", out var r) ? r.GetString() : null,
                StepErrors = e.TryGetProperty("stepErrors", out var se) && se.ValueKind == JsonValueKind.True,
            };
            if (e.TryGetProperty("confidence", out var c)) item.Confidence = EnumValue(e, "confidence", DiagnosisConfidence.Medium, id);
            return item;
        }

        private static MatchNode ReadNode(JsonElement e, string itemId, Dictionary<string, LineCondition> scope, List<LineCondition> all,
            KnowledgeBaseItem item)
        {
            if (e.TryGetProperty("allOf", out var allOf))
                return new AllOfNode(allOf.EnumerateArray().Select(x => ReadNode(x, itemId, scope, all, item)).ToList());
            if (e.TryGetProperty("anyOf", out var anyOf))
                return new AnyOfNode(anyOf.EnumerateArray().Select(x => ReadNode(x, itemId, scope, all, item)).ToList());
            return ReadCondition(e, itemId, scope, all, item);
        }

        private static LineCondition ReadCondition(JsonElement e, string itemId, Dictionary<string, LineCondition> scope, List<LineCondition> all,
            KnowledgeBaseItem? item)
        {
            var c = new LineCondition { Slot = all.Count, Item = item };
            if (e.TryGetProperty("id", out var name))
            {
                c.Name = name.GetString();
                if (c.Name == null || scope.ContainsKey(c.Name)) throw Invalid("Condition id '" + c.Name + "' is empty or used twice.", itemId);
                scope[c.Name] = c;
            }
            c.Text = Strings(e, "text");
            if (c.Text.Length == 0 || c.Text.Any(string.IsNullOrWhiteSpace) || c.Text.Any(t => t.Any(ch => ch > 127)))
            {
                // The keyword gate depends on it, and a condition without text would have to run on every line.
                throw Invalid("Every condition needs non-empty ASCII 'text' (literal fragments, any of which must be on the line).", itemId);
            }
            c.NotText = Strings(e, "notText");
            if (e.TryGetProperty("regex", out var regex))
            {
                try
                {
                    // Interpreted until it has run often (RegexCompiledWhenBusy).
                    c.Regex = new Regex(
                        regex.GetString() ?? string.Empty,
                        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
                        TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw Invalid("Bad regex: " + ex.Message, itemId, ex);
                }
            }
            if (e.TryGetProperty("stream", out _)) c.Streams = Strings(e, "stream").Select(s => Parse<LogStream>(s, itemId)).ToArray();
            if (e.TryGetProperty("stage", out _)) c.Stages = Strings(e, "stage").Select(s => Parse<BuildStage>(s, itemId)).ToArray();
            if (e.TryGetProperty("provisioner", out _)) c.Provisioners = Strings(e, "provisioner").Select(s => s.ToLowerInvariant()).ToArray();
            c.Input = EnumValue(e, "input", ConditionInput.Any, itemId);
            if (e.TryGetProperty("after", out var after)) c.AfterName = after.GetString();
            if (e.TryGetProperty("within", out var within)) c.Within = within.GetInt32();
            if (e.TryGetProperty("notAfter", out var notAfter)) c.NotAfterName = notAfter.GetString();
            if (e.TryGetProperty("unlessAfter", out var unlessAfter)) c.UnlessAfterName = unlessAfter.GetString();
            if (e.TryGetProperty("minCount", out var minCount)) c.MinCount = Math.Max(1, minCount.GetInt32());
            c.Context = e.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.True;
            c.BuildTimeout = EnumValue(e, "buildTimeout", BuildTimeoutCheck.None, itemId);
            if (c.Within > 0 && c.AfterName == null) throw Invalid("'within' needs 'after'.", itemId);
            all.Add(c);
            return c;
        }

        private static void Resolve(IEnumerable<LineCondition> conditions, Dictionary<string, LineCondition> scope, string itemId)
        {
            // References can point at any named condition of the same item, declared before or after.
            foreach (var c in conditions)
            {
                if (c.AfterName != null) c.After = Lookup(scope, c.AfterName, itemId);
                if (c.NotAfterName != null) c.NotAfter = Lookup(scope, c.NotAfterName, itemId);
                if (c.UnlessAfterName != null) c.UnlessAfter = Lookup(scope, c.UnlessAfterName, itemId);
            }
        }

        private static LineCondition Lookup(Dictionary<string, LineCondition> scope, string name, string itemId)
        {
            if (!scope.TryGetValue(name, out var target))
                throw Invalid("Condition reference '" + name + "' does not name a condition of the same item.", itemId);
            return target;
        }

        private static IEnumerable<JsonElement> ArrayOf(JsonElement e, string property, string owner)
        {
            if (!e.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Array)
                throw Invalid("'" + property + "' must be an array.", owner);
            return value.EnumerateArray();
        }

        private static string Required(JsonElement e, string property, string? owner)
        {
            if (!e.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Invalid("'" + property + "' is required.", owner);
            }
            return value.GetString()!;
        }

        private static string[] Strings(JsonElement e, string property)
        {
            if (!e.TryGetProperty(property, out var value)) return System.Array.Empty<string>();
            if (value.ValueKind == JsonValueKind.String) return new[] { value.GetString()! };
            return value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray();
        }

        private static T EnumValue<T>(JsonElement e, string property, T fallback, string owner) where T : struct
        {
            return e.TryGetProperty(property, out var value) ? Parse<T>(value.GetString() ?? string.Empty, owner) : fallback;
        }

        private static T Parse<T>(string value, string? owner) where T : struct
        {
            if (Enum.TryParse<T>(value, true, out var result) && Enum.IsDefined(typeof(T), result)) return result;
            throw Invalid("'" + value + "' is not one of " + string.Join(", ", Enum.GetNames(typeof(T))) + ".", owner);
        }

        private static AibException Invalid(string message, string? owner, Exception? inner = null) =>
            new AibException(LogErrorIds.KnowledgeBaseInvalid, (owner == null ? "" : owner + ": ") + message, owner, inner);
    }
}
