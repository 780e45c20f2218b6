using System.Reflection;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace BootcPlug.Generators.Tests.Support;

/// <summary>
/// Golden files for generated sources: Snapshots/{case}/{hint}.txt in the source tree. A mismatch fails with a
/// unified-style diff and writes `.received.txt` beside the golden file; BOOTCPLUG_UPDATE_SNAPSHOTS=1 rewrites them
/// (and deletes stale ones) instead.
/// </summary>
internal static class Snapshot
{
    public static bool Updating =>
        ShouldUpdate(Environment.GetEnvironmentVariable("BOOTCPLUG_UPDATE_SNAPSHOTS"),
        Environment.GetEnvironmentVariable("CI"));

    /// <summary>
    /// Whether golden files are rewritten. Under CI they are only ever compared: an update there would turn any
    /// difference into a pass, so asking for one fails the run.
    /// </summary>
    public static bool ShouldUpdate(string? updateVariable, string? ciVariable)
    {
        if (updateVariable != "1") return false;
        if (string.Equals(ciVariable, "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("BOOTCPLUG_UPDATE_SNAPSHOTS=1 is refused under CI=true: golden files "
                + "are compared, never rewritten, in CI");
        return true;
    }

    public static string SourceTreeRoot => typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SnapshotsDir").Value!;

    public static void Match(string caseName, IReadOnlyDictionary<string, string> actualByHint, string? root = null,
        bool? update = null)
    {
        string dir = Path.Combine(root ?? SourceTreeRoot, caseName);
        var failures = new List<string>();
        if (update ?? Updating)
        {
            System.IO.Directory.CreateDirectory(dir);
            foreach (var stale in System.IO.Directory.GetFiles(dir, "*.txt")) File.Delete(stale);
            foreach (var (hint, text) in actualByHint)
                File.WriteAllText(Path.Combine(dir, hint + ".txt"), Normalize(text));
            return;
        }

        var expectedHints = System.IO.Directory.Exists(dir)
            ? System.IO.Directory.GetFiles(dir, "*.txt")
                .Where(f => !f.EndsWith(".received.txt", StringComparison.Ordinal))
                .Select(f => Path.GetFileName(f)[..^4]).ToHashSet()
            : [];
        var actualHints = actualByHint.Keys.ToHashSet();
        foreach (var missing in expectedHints.Except(actualHints)) failures.Add($"not generated any more: {missing}");
        foreach (var extra in actualHints.Except(expectedHints))
            failures.Add($"generated but has no golden file: {extra}");

        foreach (var hint in actualHints.Intersect(expectedHints).Order())
        {
            string path = Path.Combine(dir, hint + ".txt");
            string expected = Normalize(File.ReadAllText(path));
            string actual = Normalize(actualByHint[hint]);
            string received = path[..^4] + ".received.txt";
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }
            File.WriteAllText(received, actual);
            failures.Add($"{hint} differs from its golden file:\n{Diff(expected, actual)}");
        }

        if (failures.Count > 0)
            Assert.Fail($"Snapshot '{caseName}' does not match (set BOOTCPLUG_UPDATE_SNAPSHOTS=1 to accept):\n"
                + string.Join("\n", failures));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var lines = new List<string>();
        int expectedLine = 0, actualLine = 0;
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Deleted:
                    lines.Add($"{++expectedLine,5} - {line.Text}");
                    break;
                case ChangeType.Inserted:
                    lines.Add($"{++actualLine,5} + {line.Text}");
                    break;
                default:
                    expectedLine++;
                    actualLine++;
                    break;
            }
        }
        return string.Join("\n", lines.Take(60))
            + (lines.Count > 60 ? $"\n... {lines.Count - 60} more changed lines" : "");
    }
}
