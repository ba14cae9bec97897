namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>One field an update changes: its JSON path and its value before and after, as JSON text (null: absent).</summary>
    public sealed class FieldChange
    {
        public FieldChange(string path, string? before, string? after)
        {
            Path = path;
            Before = before;
            After = after;
        }

        public string Path { get; }

        public string? Before { get; }

        public string? After { get; }

        public override string ToString() => $"{Path}: {Before ?? "(absent)"} -> {After ?? "(absent)"}";
    }
}
