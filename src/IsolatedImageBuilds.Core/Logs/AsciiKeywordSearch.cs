using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Finds which of many ASCII keywords occur in a text, case-insensitively, in one pass (Aho–Corasick compiled
    /// into a dense table). Used as the cheap gate in front of regular expressions that would otherwise run on
    /// every line of very large logs; netstandard2.0 has no SearchValues, and a regex alternation of a hundred
    /// literals is several times slower. Most of a log line is skipped without stepping the automaton: it runs only
    /// from positions where a keyword's anchor begins (a table of the anchors' first two characters), and goes back to
    /// skipping as soon as nothing longer than one character is in progress. A keyword's anchor is its tail from its
    /// rarest character pair in log text (<see cref="LogTextPairs"/>): the automaton knows the anchors, and a keyword is
    /// found where its anchor ends and the rest of it (its head) stands just before. "error" is found from "or", not
    /// from "er", which starts a pair of characters every few words.
    /// </summary>
    internal sealed class AsciiKeywordSearch
    {
        private const int Alphabet = 128;

        // States are numbered breadth-first, so the root (0) and the one-character prefixes come first.
        private readonly int[] _next;        // state * Alphabet + char → next state, bitwise complemented when that state ends anchors
        private readonly int[]?[] _matches;  // keywords whose anchors end in each state (through failure links too)
        private readonly string[] _heads;    // each keyword's part before its anchor, lower-cased ("" when the anchor is the whole keyword)
        private readonly int[] _lengths;     // each keyword's length
        private readonly int[] _groups;      // each keyword's group
        private readonly int _shallow;       // states below this number are the root and the one-character prefixes
        private readonly byte[] _startPairs = new byte[Alphabet * Alphabet]; // [c1 * Alphabet + c2] is 1 when an anchor starts with c1 c2 (any case)
        private readonly bool _skips;        // every keyword has two characters or more, so the pair table can skip

        /// <param name="keywords">The keywords (ASCII, not empty).</param>
        /// <param name="groups">Optional: a non-zero bit mask per keyword, so that one scan serves several users (see <see cref="FindGroups(string, bool[])"/>).</param>
        public AsciiKeywordSearch(IReadOnlyList<string> keywords, IReadOnlyList<int>? groups = null)
        {
            if (keywords == null) throw new ArgumentNullException(nameof(keywords));
            if (groups != null && (groups.Count != keywords.Count || groups.Any(g => g == 0)))
                throw new ArgumentException("One non-zero group per keyword.", nameof(keywords));
            Count = keywords.Count;
            _heads = new string[Count];
            _lengths = new int[Count];
            _groups = new int[Count];
            _skips = true;
            foreach (string word in keywords)
            {
                if (string.IsNullOrEmpty(word)) throw new ArgumentException("Keywords must not be empty.", nameof(keywords));
                if (word.Any(c => c >= Alphabet)) throw new ArgumentException("Keyword '" + word + "' is not ASCII.", nameof(keywords));
                if (word.Length == 1) _skips = false;
            }

            // 1. Trie of the lower-cased anchors. Without skipping every character is stepped, so anchors gain nothing.
            var children = new List<Dictionary<char, int>> { new Dictionary<char, int>() };
            var ends = new List<List<int>?> { null };
            for (int k = 0; k < keywords.Count; k++)
            {
                string word = new string(keywords[k].Select(Lower).ToArray());
                int anchor = _skips ? LogTextPairs.RarestPair(word) : 0;
                _heads[k] = word.Substring(0, anchor);
                _lengths[k] = word.Length;
                _groups[k] = groups?[k] ?? 1;
                int state = 0;
                foreach (char c in word.Substring(anchor))
                {
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
                if (_skips) AddStartPair(word[anchor], word[anchor + 1]);
            }

            // 2. Breadth-first numbering, then failure links folded into a complete transition table.
            int states = children.Count;
            var order = new List<int> { 0 };
            for (int q = 0; q < order.Count; q++) order.AddRange(children[order[q]].OrderBy(c => c.Key).Select(c => c.Value));
            var id = new int[states];
            for (int n = 0; n < states; n++) id[order[n]] = n;
            _shallow = 1 + children[0].Count;

            var next = new int[states * Alphabet];
            var failure = new int[states];
            _matches = new int[]?[states];
            _matches[0] = ends[0]?.ToArray();
            foreach (int trie in order)
            {
                int state = id[trie];
                if (state != 0)
                {
                    var own = ends[trie];
                    var inherited = _matches[failure[state]];
                    if (own != null || inherited != null)
                    {
                        var all = new List<int>();
                        if (own != null) all.AddRange(own);
                        if (inherited != null) all.AddRange(inherited);
                        _matches[state] = all.ToArray();
                    }
                }
                for (int c = 0; c < Alphabet; c++)
                {
                    int fallback = state == 0 ? 0 : next[failure[state] * Alphabet + c];
                    if (children[trie].TryGetValue((char)c, out int child))
                    {
                        failure[id[child]] = fallback;
                        next[state * Alphabet + c] = id[child];
                    }
                    else
                    {
                        next[state * Alphabet + c] = fallback;
                    }
                }
            }

            // 3. Upper-case letters move like their lower-case ones, so the scan needs no case folding; states that end
            // keywords are stored complemented, so the scan tells them by sign without another lookup.
            _next = new int[next.Length];
            for (int state = 0; state < states; state++)
            {
                for (int c = 0; c < Alphabet; c++)
                {
                    int target = next[state * Alphabet + (c >= 'A' && c <= 'Z' ? c + 32 : c)];
                    _next[state * Alphabet + c] = _matches[target] != null ? ~target : target;
                }
            }
        }

        /// <summary>Number of keywords.</summary>
        public int Count { get; }

        /// <summary>True when any keyword occurs in <paramref name="text"/>.</summary>
        public bool ContainsAny(string text) => FindGroups(text, 0, new bool[Count]) != 0;

        /// <summary>Marks in <paramref name="found"/> (length <see cref="Count"/>) the keywords that occur; returns whether any did.</summary>
        public bool FindAll(string text, bool[] found) => FindGroups(text, found) != 0;

        /// <summary>Marks in <paramref name="found"/> (length <see cref="Count"/>) the keywords that occur; returns the union of their groups (0 when none).</summary>
        public int FindGroups(string text, bool[] found) => FindGroups(text, 0, found);

        /// <summary>The same for the text from <paramref name="start"/> on.</summary>
        [MethodImpl(HotPath.Optimized)]
        public int FindGroups(string text, int start, bool[] found)
        {
            if (!_skips) return FindGroupsWithoutSkipping(text, start, found);
            int any = 0;
            var next = _next;
            var pairs = _startPairs;
            int shallow = _shallow;
            int n = text.Length;
            int last = n - 1;
            int i = start;
            while (true)
            {
                i = SkipToAnchor(text, i, pairs);
                if (i >= last) return any;

                // The automaton, from the root at i, until no more than a one-character prefix is in progress and that
                // character does not start a keyword's pair with the next one.
                int state = 0;
                while (true)
                {
                    state = Step(next, state, text, i, start, found, ref any);
                    i++;
                    if (state < shallow)
                    {
                        if (state == 0 || i >= n) break;
                        int a = text[i - 1], b = text[i];
                        if (!((a | b) < Alphabet && pairs[a << 7 | b] != 0)) break;
                    }
                    else if (i >= n)
                    {
                        return any;
                    }
                }
            }
        }

        /// <summary>
        /// Skipping: the next position from <paramref name="i"/> where an anchor's first two characters are (the text's
        /// last position when none). Exact: an anchor occurring anywhere before it would have had to start at a position
        /// skipped. Most of a line's time is spent here, so without bounds checks (i + 1 &lt; length, and the pair is
        /// below Alphabet * Alphabet), and in a method of its own, which measured faster than the same loop inline.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | HotPath.Optimized)]
        private static int SkipToAnchor(string text, int i, byte[] pairs)
        {
            int last = text.Length - 1;
            if (i >= last) return i;
            ref char first = ref MemoryMarshal.GetReference(text.AsSpan());
            ref byte pairAt = ref pairs[0];
            int a = Unsafe.Add(ref first, i);
            for (; i < last; i++)
            {
                int b = Unsafe.Add(ref first, i + 1);
                if ((a | b) < Alphabet && Unsafe.Add(ref pairAt, a << 7 | b) != 0) break;
                a = b;
            }
            return i;
        }

        /// <summary>The plain automaton over every character, for keyword sets with one-character keywords.</summary>
        private int FindGroupsWithoutSkipping(string text, int start, bool[] found)
        {
            int any = 0;
            int state = 0;
            for (int i = start; i < text.Length; i++)
            {
                state = Step(_next, state, text, i, start, found, ref any);
            }
            return any;
        }

        /// <summary>One move of the automaton on the character at <paramref name="i"/>; <see cref="Mark"/> when it ends anchors.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Step(int[] next, int state, string text, int i, int start, bool[] found, ref int any)
        {
            // Keywords are ASCII, so no match spans a non-ASCII character. The table comes from the caller's local, which the
            // scan loop keeps in a register.
            char c = text[i];
            int target = c < Alphabet ? next[state * Alphabet + c] : 0;
            if (target < 0)
            {
                target = ~target;
                any |= Mark(target, text, i, start, found);
            }
            return target;
        }

        /// <summary>
        /// Marks the keywords whose anchors end in <paramref name="state"/> at <paramref name="i"/> and whose heads stand
        /// before them (within the text from <paramref name="start"/>); returns their groups. Out of line: it runs a few
        /// times a line, the automaton's move on every character it steps.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private int Mark(int state, string text, int i, int start, bool[] found)
        {
            int groups = 0;
            foreach (int k in _matches[state]!)
            {
                string head = _heads[k];
                if (head.Length != 0 && !HeadAt(text, i + 1 - _lengths[k], start, head)) continue;
                found[k] = true;
                groups |= _groups[k];
            }
            return groups;
        }

        /// <summary>Whether <paramref name="head"/> (lower-case) stands at <paramref name="at"/>, any case, not before <paramref name="start"/>.</summary>
        private static bool HeadAt(string text, int at, int start, string head)
        {
            if (at < start) return false;
            for (int h = 0; h < head.Length; h++)
            {
                if (Lower(text[at + h]) != head[h]) return false;
            }
            return true;
        }

        private void AddStartPair(char first, char second)
        {
            if (first >= Alphabet || second >= Alphabet) return;
            foreach (char a in new[] { Lower(first), Upper(first) })
            {
                foreach (char b in new[] { Lower(second), Upper(second) })
                {
                    int pair = a << 7 | b;
                    _startPairs[pair] = 1;
                }
            }
        }

        private static char Upper(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        private static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}
