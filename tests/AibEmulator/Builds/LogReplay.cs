using System.Globalization;
using System.Text.RegularExpressions;

namespace AibEmulator.Builds;

/// <summary>A real customization.log replayed as a build's log (scenario <c>build.replayLog</c>, a path relative to
/// the repository): its lines keep their text and are released at the pace of their own timestamps (lines without one
/// go with the line before), and the build ends as the log does — "Build 'azure-arm' errored after ...: &lt;error&gt;" or
/// "... finished after ...".</summary>
public sealed partial class LogReplay
{
    public sealed record Line(DateTime? At, string Text);

    public IReadOnlyList<Line> Lines { get; }
    /// <summary>The "[id]" every line starts with: the operationId AIB names in its failure message.</summary>
    public string? OperationId { get; }
    /// <summary>Packer's error when the build errored; null when it finished.</summary>
    public string? Error { get; }

    private LogReplay(IReadOnlyList<Line> lines, string? operationId, string? error) => (Lines, OperationId, Error) = (lines, operationId, error);

    [GeneratedRegex(@"^\[(?<id>[^\]]+)\] PACKER (?:OUT |ERR )?(?<at>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) ")]
    private static partial Regex Stamped();

    [GeneratedRegex(@"Build 'azure-arm' (?:errored after [^:]+: (?<error>.+)|finished after )")]
    private static partial Regex Ending();

    public static LogReplay Read(string path)
    {
        var lines = new List<Line>();
        string? operationId = null, error = null;
        var ended = false;
        foreach (var text in File.ReadLines(path))
        {
            var stamp = Stamped().Match(text);
            operationId ??= stamp.Success ? stamp.Groups["id"].Value : null;
            DateTime? at = stamp.Success ? DateTime.ParseExact(stamp.Groups["at"].Value, "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) : null;
            lines.Add(new Line(at, text));
            if (Ending().Match(text) is { Success: true } end)
            {
                ended = true;
                error = end.Groups["error"].Success ? end.Groups["error"].Value.Trim() : null;
            }
        }
        if (!ended) throw new InvalidDataException($"replayLog '{path}' does not end a build (no \"Build 'azure-arm' errored after\" or \"finished after\" line).");
        return new LogReplay(lines, operationId, error);
    }

    /// <summary>The lines in batches, each with the nominal seconds to wait before it (its timestamp minus the one before).</summary>
    public IEnumerable<(double WaitSeconds, List<string> Lines)> Batches()
    {
        DateTime? last = null;
        var batch = new List<string>();
        double wait = 0;
        foreach (var line in Lines)
        {
            if (line.At is { } at && last is { } before && at > before && batch.Count > 0)
            {
                yield return (wait, batch);
                (batch, wait) = (new List<string>(), (at - before).TotalSeconds);
            }
            if (line.At is not null) last = line.At;
            batch.Add(line.Text);
        }
        if (batch.Count > 0) yield return (wait, batch);
    }
}
