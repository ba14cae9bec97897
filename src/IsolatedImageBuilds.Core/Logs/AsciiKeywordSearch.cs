using System;
using System.Collections.Generic;
using System.Linq;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Finds which of many ASCII keywords occur in a text, case-insensitively, in one pass (Aho–Corasick compiled
    /// into a dense table). Used as the cheap gate in front of regular expressions that would otherwise run on
    /// every line of very large logs; netstandard2.0 has no SearchValues, and a regex alternation of a hundred
    /// literals is several times slower. Positions where no keyword can start (checked on a table of the first two
    /// characters of every keyword) are skipped without stepping the automaton, which is most of a log line.
    /// </summary>
    internal sealed class AsciiKeywordSearch
    {
        private const int Alphabet = 128;

        private readonly int[] _next;        // state * Alphabet + char → next state
        private readonly int[]?[] _matches;  // keywords ending in each state (through failure links too)
        private readonly int[] _groups;      // the groups of those keywords, OR-ed
        private readonly ulong[] _startPairs = new ulong[Alphabet * Alphabet / 64]; // bit c1 * Alphabet + c2: a keyword starts with c1 c2 (any case)
        private readonly bool _hasOneCharKeyword;

        /// <param name="keywords">The keywords (ASCII, not empty).</param>
        /// <param name="groups">Optional: a non-zero bit mask per keyword, so that one scan serves several users (see <see cref="FindGroups"/>).</param>
        public AsciiKeywordSearch(IReadOnlyList<string> keywords, IReadOnlyList<int>? groups = null)
        {
            if (keywords == null) throw new ArgumentNullException(nameof(keywords));
            if (groups != null && (groups.Count != keywords.Count || groups.Any(g => g == 0)))
                throw new ArgumentException("One non-zero group per keyword.", nameof(groups));
            Count = keywords.Count;

            // 1. Trie of the lower-cased keywords.
            var children = new List<Dictionary<char, int>> { new Dictionary<char, int>() };
            var ends = new List<List<int>?> { null };
            for (int k = 0; k < keywords.Count; k++)
            {
                string word = keywords[k];
                if (string.IsNullOrEmpty(word)) throw new ArgumentException("Keywords must not be empty.", nameof(keywords));
                if (word.Length == 1) _hasOneCharKeyword = true;
                else if (word[0] < Alphabet && word[1] < Alphabet) AddStartPair(word[0], word[1]);
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
            _groups = new int[states];
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
                    foreach (int k in all) _groups[state] |= groups?[k] ?? 1;
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

            // 3. Upper-case letters move like their lower-case ones, so the scan needs no case folding.
            for (int state = 0; state < states; state++)
            {
                for (int c = 'A'; c <= 'Z'; c++) _next[state * Alphabet + c] = _next[state * Alphabet + c + 32];
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
                if (state == 0 && (i = NextCandidate(text, i)) >= text.Length) break;
                char c = text[i];
                // Keywords are ASCII, so no match spans a non-ASCII character.
                state = c < Alphabet ? next[state * Alphabet + c] : 0;
                if (matches[state] != null) return true;
            }
            return false;
        }

        /// <summary>Marks in <paramref name="found"/> (length <see cref="Count"/>) the keywords that occur; returns whether any did.</summary>
        public bool FindAll(string text, bool[] found) => FindGroups(text, found) != 0;

        /// <summary>Marks in <paramref name="found"/> (length <see cref="Count"/>) the keywords that occur; returns the union of their groups (0 when none).</summary>
        public int FindGroups(string text, bool[] found) => FindGroups(text, 0, found);

        /// <summary>The same for the text from <paramref name="start"/> on.</summary>
        public int FindGroups(string text, int start, bool[] found)
        {
            int any = 0;
            int state = 0;
            var next = _next;
            var matches = _matches;
            for (int i = start; i < text.Length; i++)
            {
                if (state == 0 && (i = NextCandidate(text, i)) >= text.Length) break;
                char c = text[i];
                state = c < Alphabet ? next[state * Alphabet + c] : 0;
                var m = matches[state];
                if (m == null) continue;
                any |= _groups[state];
                foreach (int k in m) found[k] = true;
            }
            return any;
        }

        /// <summary>
        /// From the start state: the first position from <paramref name="i"/> where a keyword may start (its first two
        /// characters match one's), or the text's length. Skipping the others is exact: a match would have to start there.
        /// </summary>
        private int NextCandidate(string text, int i)
        {
            if (_hasOneCharKeyword) return i;
            var pairs = _startPairs;
            int last = text.Length - 1;
            for (; i < last; i++)
            {
                int pair = text[i] << 7 | text[i + 1];
                if ((text[i] | text[i + 1]) < Alphabet && (pairs[pair >> 6] & (1UL << pair)) != 0) return i;
            }
            return text.Length; // one character left: too short for a keyword of two or more
        }

        private void AddStartPair(char first, char second)
        {
            foreach (char a in new[] { Lower(first), Upper(first) })
            {
                foreach (char b in new[] { Lower(second), Upper(second) })
                {
                    int pair = a << 7 | b;
                    _startPairs[pair >> 6] |= 1UL << pair;
                }
            }
        }

        private static char Upper(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        private static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}
