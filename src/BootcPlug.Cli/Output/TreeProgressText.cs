using System.Diagnostics;
using System.Globalization;

namespace BootcPlug.Cli.Output;

/// <summary>
/// "stored N files" while deploy reads a large tree, at most once a second and only when stderr is a terminal: a
/// small tree says nothing, a large one shows that work goes on.
/// </summary>
public static class TreeProgressText
{
    public static IProgress<int>? OnTerminal(TextWriter error) =>
        Progress.OnTerminal(error) is { } lines ? new Throttled(lines, TimeSpan.FromSeconds(1)) : null;

    public static string Describe(int files) =>
        string.Create(CultureInfo.InvariantCulture, $"deploy: {files} files of the tree read and stored");

    /// <summary>Reports a count when <paramref name="interval"/> has passed since the start or the last line.</summary>
    public sealed class Throttled(IProgress<string> lines, TimeSpan interval) : IProgress<int>
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

        public void Report(int value)
        {
            if (_sinceLast.Elapsed < interval) return;
            lines.Report(Describe(value));
            _sinceLast.Restart();
        }
    }
}
