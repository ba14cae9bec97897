namespace IsolatedImageBuilds.Core.Errors
{
    /// <summary>
    /// One registered error: its stable id (<c>&lt;Area&gt;&lt;Noun&gt;&lt;Condition&gt;</c>, the FullyQualifiedErrorId
    /// prefix of the cmdlet's ErrorRecord, asserted in tests) and its category. Only the per-area registries
    /// (<c>*ErrorIds</c> classes) create them, so every id a cmdlet can raise is listed in one of them.
    /// </summary>
    public sealed class AibError
    {
        internal AibError(string id, AibErrorCategory category)
        {
            Id = id;
            Category = category;
        }

        public string Id { get; }

        public AibErrorCategory Category { get; }

        public override string ToString() => Id;
    }
}
