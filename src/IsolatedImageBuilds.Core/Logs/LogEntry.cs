using System;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>Which output a log line came from.</summary>
    public enum LogStream
    {
        /// <summary>Not a recognised Packer line: AIB's own lines, headers, pasted text.</summary>
        Other,
        /// <summary>Packer's standard output (legacy <c>PACKER OUT</c>, newer <c>PACKER ==&gt; ...</c>).</summary>
        Out,
        /// <summary>Packer's log on standard error (legacy <c>PACKER ERR</c>, newer timestamped non-ui lines).</summary>
        Err,
        /// <summary>A UI message echoed into Packer's log (<c>&lt;date&gt; ui: ...</c>).</summary>
        Ui,
        /// <summary>A UI error message echoed into Packer's log (<c>&lt;date&gt; ui error: ...</c>).</summary>
        UiError,
    }

    /// <summary>The build stages of an AIB run, in the order they happen.</summary>
    public enum BuildStage
    {
        Unknown = 0,
        Deploy = 1,
        Connect = 2,
        Customize = 3,
        Deprovision = 4,
        CaptureDistribute = 5,
        Cleanup = 6,
    }

    /// <summary>One line of a build log, parsed. Every input line becomes exactly one entry.</summary>
    public sealed class LogEntry
    {
        /// <summary>1-based line number in the log (continues from the start line when resuming).</summary>
        public long LineNumber { get; internal set; }

        /// <summary>Packer's timestamp when the line has one, otherwise the ACI log timestamp, otherwise null. Packer's times are UTC.</summary>
        public DateTimeOffset? Time { get; internal set; }

        /// <summary>The <c>[operationId]</c> prefix, without brackets; null for pastes without it.</summary>
        public string? OperationId { get; internal set; }

        public LogStream Stream { get; internal set; }

        /// <summary>The stage the build was in when this line was written.</summary>
        public BuildStage Stage { get; internal set; }

        /// <summary>The provisioner running when this line was written (e.g. <c>shell</c>, <c>powershell</c>), or null between provisioners.</summary>
        public string? Provisioner { get; internal set; }

        /// <summary>1-based order of the running provisioner among all provisioner starts; 0 when none is running.</summary>
        public int ProvisionerIndex { get; internal set; }

        /// <summary>The text after the ACI timestamp, operation id, PACKER, stream and time prefixes (redacted unless redaction is off).</summary>
        public string Message => _message ??= MessageStart == 0 ? Raw : Raw.Substring(MessageStart);

        /// <summary>The whole line (redacted unless redaction is off).</summary>
        public string Raw { get; private set; } = string.Empty;

        // The message is the end of the line from MessageStart: the engine reads it there, and the string is made only
        // when someone asks for it (most lines of a long log are never shown), which halves what parsing allocates.
        private string? _message;
        private int _messageStart;

        /// <summary>Where <see cref="Message"/> starts in <see cref="Raw"/>.</summary>
        internal int MessageStart
        {
            get => _messageStart;
            set
            {
                _messageStart = Math.Min(value, Raw.Length);
                _message = null;
            }
        }

        /// <summary>The <see cref="LineWords"/> groups of the keywords in the message (set by <see cref="LinePreparer"/>).</summary>
        internal int Words { get; set; }

        /// <summary>The knowledge base's keywords in the message, by index, until the diagnoser has seen the entry.</summary>
        internal int[]? KnowledgeKeywords { get; set; }

        /// <summary>The landmark the message holds, found when the line was prepared, until the tracker has seen the entry.</summary>
        internal System.Text.RegularExpressions.Match? LandmarkMatch { get; set; }

        internal void SetText(string raw, int messageStart)
        {
            Raw = raw;
            MessageStart = messageStart;
        }

        /// <summary>The stream was told from the message's first words (a line without Packer's prefixes), not from the prefixes.</summary>
        internal bool StreamFromMessage { get; set; }

        public override string ToString() => Raw;
    }
}
