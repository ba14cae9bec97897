using System.Text.RegularExpressions;
using System.Threading;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// A regular expression that runs interpreted until it has run <see cref="CompileAfterUses"/> times, then compiled.
    /// Compiling costs milliseconds per expression at every start, which a short log never earns back; on a long log the
    /// few expressions that run on many lines run several times faster compiled (the tracker's landmarks on an
    /// operationStatuses URL: tens of microseconds a line interpreted). Thread-safe.
    /// </summary>
    internal sealed class RegexCompiledWhenBusy
    {
        public const int CompileAfterUses = 256;

        private Regex _current;
        private int _uses;

        public RegexCompiledWhenBusy(Regex interpreted)
        {
            Interpreted = interpreted;
            _current = interpreted;
        }

        /// <summary>The expression as parsed (its pattern and options).</summary>
        public Regex Interpreted { get; }

        /// <summary>Whether the compiled form has replaced the interpreted one.</summary>
        public bool IsCompiled => (Volatile.Read(ref _current).Options & RegexOptions.Compiled) != 0;

        public bool IsMatch(string text) => Next().IsMatch(text);

        public Match Match(string text) => Next().Match(text);

        private Regex Next()
        {
            Regex current = Volatile.Read(ref _current);
            if ((current.Options & RegexOptions.Compiled) == 0 && Interlocked.Increment(ref _uses) == CompileAfterUses)
            {
                current = new Regex(current.ToString(), current.Options | RegexOptions.Compiled, current.MatchTimeout);
                Volatile.Write(ref _current, current);
            }
            return current;
        }
    }
}
