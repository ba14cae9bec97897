using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Finds which of many ASCII keywords occur in a text, case-insensitively, in one pass (Aho–Corasick compiled
    /// into a dense table). Used as the cheap gate in front of regular expressions that would otherwise run on
    /// every line of very large logs; netstandard2.0 has no SearchValues, and a regex alternation of a hundred
    /// literals is several times slower.
    /// </summary>
    internal sealed class AsciiKeywordSearch
    {
        private const int Alphabet = 128;

        private readonly int[] _next;        // state * Alphabet + char → next state
        private readonly int[]?[] _matches;  // keywords ending in each state (through failure links too)

        public AsciiKeywordSearch(IReadOnlyList<string> keywords)
        {
            if (keywords == null) throw new ArgumentNullException(nameof(keywords));
            Count = keywords.Count;

            // 1. Trie of the lower-cased keywords.
            var children = new List<Dictionary<char, int>> { new Dictionary<char, int>() };
            var ends = new List<List<int>?> { null };
            for (int k = 0; k < keywords.Count; k++)
            {
                string word = keywords[k];
                if (string.IsNullOrEmpty(word)) throw new ArgumentException("Keywords must not be empty.", nameof(keywords));
                int state = 0;
                foreach (char raw in word)
                {
                    if (raw >= Alphabet) throw new ArgumentException("Keyword '" + word + "' is not ASCII.", nameof(keywords));
                    char c = Lower(raw);
                    if (!children[state].TryGetValue(c, out int child))
                    {
                        child = children.Count;
                        children.Add(new Dictionary<char, int>());
                        ends.Add(null);
                        children[state][c] = child;
                    }
                    state = child;
                }
                (ends[state] ??= new List<int>()).Add(k);
            }

            // 2. Breadth-first: failure links folded into a complete transition table.
            int states = children.Count;
            _next = new int[states * Alphabet];
            _matches = new int[]?[states];
            var failure = new int[states];
            var queue = new Queue<int>();
            for (int c = 0; c < Alphabet; c++)
            {
                if (children[0].TryGetValue((char)c, out int child))
                {
                    _next[c] = child;
                    queue.Enqueue(child);
                }
            }
            _matches[0] = ends[0]?.ToArray();
            while (queue.Count > 0)
            {
                int state = queue.Dequeue();
                var own = ends[state];
                var inherited = _matches[failure[state]];
                if (own != null || inherited != null)
                {
                    var all = new List<int>();
                    if (own != null) all.AddRange(own);
                    if (inherited != null) all.AddRange(inherited);
                    _matches[state] = all.ToArray();
                }
                for (int c = 0; c < Alphabet; c++)
                {
                    int fallback = _next[failure[state] * Alphabet + c];
                    if (children[state].TryGetValue((char)c, out int child))
                    {
                        failure[child] = fallback;
                        _next[state * Alphabet + c] = child;
                        queue.Enqueue(child);
                    }
                    else
                    {
                        _next[state * Alphabet + c] = fallback;
                    }
                }
            }
        }

        /// <summary>Number of keywords.</summary>
        public int Count { get; }

        /// <summary>True when any keyword occurs in <paramref name="text"/>.</summary>
        public bool ContainsAny(string text)
        {
            int state = 0;
            var next = _next;
            var matches = _matches;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                // Keywords are ASCII, so no match spans a non-ASCII character.
                state = c < Alphabet ? next[state * Alphabet + Lower(c)] : 0;
                if (matches[state] != null) return true;
            }
            return false;
        }

        /// <summary>Marks in <paramref name="found"/> (length <see cref="Count"/>) the keywords that occur; returns whether any did.</summary>
        public bool FindAll(string text, bool[] found)
        {
            bool any = false;
            int state = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                state = c < Alphabet ? _next[state * Alphabet + Lower(c)] : 0;
                var m = _matches[state];
                if (m == null) continue;
                any = true;
                foreach (int k in m) found[k] = true;
            }
            return any;
        }

        private static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}
