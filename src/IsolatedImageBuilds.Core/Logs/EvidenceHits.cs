using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>The last N hits, oldest first.</summary>
    internal sealed class HitRing
    {
        private readonly Hit[] _items;
        private long _added;

        public HitRing(int capacity) { _items = new Hit[capacity]; }

        public void Add(Hit hit) => _items[_added++ % _items.Length] = hit;

        public void Clear() => _added = 0;

        public int Count => (int)Math.Min(_added, _items.Length);

        public List<Hit> ToList()
        {
            int count = (int)Math.Min(_added, _items.Length);
            var list = new List<Hit>(count);
            for (long i = _added - count; i < _added; i++) list.Add(_items[i % _items.Length]);
            return list;
        }
    }

    /// <summary>A line kept as evidence, with where the build was when it was written.</summary>
    internal sealed class Hit
    {
        public Hit(long line, string text, BuildStage stage, string? provisioner, int provisionerIndex)
        {
            Line = line;
            Text = text;
            Stage = stage;
            Provisioner = provisioner;
            ProvisionerIndex = provisionerIndex;
        }

        public long Line { get; }
        public string Text { get; }
        public BuildStage Stage { get; }
        public string? Provisioner { get; }
        public int ProvisionerIndex { get; }
    }
}
