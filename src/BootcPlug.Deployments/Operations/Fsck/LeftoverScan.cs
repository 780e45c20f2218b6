using BootcPlug.Deployments.Layout;
using BootcPlug.Models.Reports;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// Temporary files an interrupted change left where bootcplug writes durably: the boot dir, the ESP and
/// run/composefs (state/deploy and objects/ are scanned with their other checks). Links are not followed.
/// </summary>
public static class LeftoverScan
{
    public const string Meaning =
        "a temporary file an interrupted change left; the next bootcplug command that writes finishes or removes it";

    private const int Depth = 4;

    public static void Run(HostPaths paths, FsckFindings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string folder in new[] { paths.BootDir, paths.Esp, paths.RunComposefs })
            Scan(folder, Depth, seen, findings);
    }

    private static void Scan(string folder, int depth, HashSet<string> seen, FsckFindings findings)
    {
        if (depth == 0 || !seen.Add(folder) || !Directory.Exists(folder)) return;
        if (new DirectoryInfo(folder).LinkTarget is not null) return;
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name.StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
                findings.Add(FsckProblemKind.Leftover, entry.FullName, Meaning);
            else if (entry is DirectoryInfo && entry.LinkTarget is null)
                Scan(entry.FullName, depth - 1, seen, findings);
        }
    }
}
