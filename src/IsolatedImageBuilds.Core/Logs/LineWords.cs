using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// The keywords every line's message is scanned for, in one pass instead of one per user: the knowledge base's
    /// fragments (first, at the indices of <see cref="KnowledgeBase.KeywordConditions"/>), the error words of the
    /// diagnoser and of <see cref="StepErrorLines"/> (and its exit-code phrases), the tracker's landmarks, apt's "E: ", the "==" of a base64
    /// key's padding and the redactor's triggers (last). Built once per knowledge base.
    /// </summary>
    internal sealed class LineWords
    {
        public const int Knowledge = 1;
        public const int Error = 2;
        public const int StepError = 4;
        public const int Landmark = 8;
        public const int Secret = 16;
        public const int ExitCode = 32;
        public const int Padding = 64;
        public const int AptError = 128;

        private static readonly ConditionalWeakTable<KnowledgeBase, LineWords> Cache = new ConditionalWeakTable<KnowledgeBase, LineWords>();

        private LineWords(KnowledgeBase kb)
        {
            var words = new List<string>();
            var groups = new List<int>();
            void Add(IEnumerable<string> fragments, int group)
            {
                foreach (string f in fragments)
                {
                    words.Add(f);
                    groups.Add(group);
                }
            }
            Add(kb.KeywordTexts, Knowledge);
            Add(LogDiagnoser.ErrorFragments, Error);
            Add(StepErrorLines.ErrorFragments, StepError);
            Add(LogStateTracker.LandmarkFragments, Landmark);
            Add(StepErrorLines.ExitCodeFragments, ExitCode);
            Add(new[] { LogRedactor.PaddingFragment }, Padding);
            Add(new[] { LogDiagnoser.AptErrorFragment }, AptError);
            Add(LogRedactor.Triggers, Secret);
            KnowledgeCount = kb.KeywordTexts.Count;
            SecretStart = words.Count - LogRedactor.Triggers.Length;
            Search = new AsciiKeywordSearch(words, groups);
        }

        public static LineWords For(KnowledgeBase kb) => Cache.GetValue(kb, k => new LineWords(k));

        public AsciiKeywordSearch Search { get; }

        /// <summary>How many of the first keywords are the knowledge base's.</summary>
        public int KnowledgeCount { get; }

        /// <summary>Index of the first of the redactor's triggers, which come last and in <see cref="LogRedactor.Triggers"/> order.</summary>
        public int SecretStart { get; }
    }
}
