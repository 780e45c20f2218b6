using System.Runtime.InteropServices;
using System.Text;
using BootcPlug.Bootloaders;

namespace Acme.Boot;

/// <summary>
/// A third-party bootloader built from the contract alone, with only the roles it has: a boot menu and a detector.
/// Its menus are plain files under <c>ESP/acme</c>: <c>menu</c> (live) and <c>menu.staged</c>, one entry a line,
/// default first: <c>&lt;deployment id&gt; &lt;bls|uki&gt; &lt;artifact name&gt; &lt;title&gt;</c>. Every change writes
/// a whole new file under a temporary name, syncs it, renames it into place and syncs the folder, so a crash leaves the
/// old or the new menu; the next change removes temporary files a crash left, so it needs no recovery role.
/// </summary>
public sealed class AcmeBootloader : IBootMenu, IBootloaderDetector
{
    /// <summary>The bootloader name acme's plugin.json declares.</summary>
    public const string Name = "acme";

    private const string TempPrefix = ".acme-tmp-";
    private const string LoaderInfoVariable = "LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    private static string Folder(BootContext context) => Path.Combine(context.EspDir, "acme");

    private static string MenuFile(BootContext context, BootEntrySet set) =>
        Path.Combine(Folder(context), set == BootEntrySet.Live ? "menu" : "menu.staged");

    /// <summary>Acme runs the host when its firmware variable says so or its live menu exists.</summary>
    public BootloaderDetection Detect(BootContext context)
    {
        var variable = Path.Combine(context.EfiVarsDir, LoaderInfoVariable);
        if (File.Exists(variable) && File.ReadAllBytes(variable) is { Length: > 4 } bytes
            && Encoding.Unicode.GetString(bytes, 4, (bytes.Length - 4) & ~1)
                .Contains("acme", StringComparison.OrdinalIgnoreCase))
            return BootloaderDetection.Certain(Name, "LoaderInfo names acme");
        var live = MenuFile(context, BootEntrySet.Live);
        return File.Exists(live)
            ? BootloaderDetection.Certain(Name, $"{live} exists")
            : BootloaderDetection.NotDetected($"{live} does not exist");
    }

    public BootEntryListing ListEntries(BootContext context)
    {
        var problems = new List<BootProblem>();
        var live = Read(context, BootEntrySet.Live, problems);
        var staged = Read(context, BootEntrySet.Staged, problems);
        return new BootEntryListing(live, staged, problems);
    }

    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary)
    {
        var lines = new List<string>
        {
            Line(primary.Deployment, primary.BootType, primary.BootArtifactName, primary.Title),
        };
        if (secondary is not null)
            lines.Add(Line(secondary));
        Write(context, BootEntrySet.Staged, lines);
    }

    public bool FinalizeStaged(BootContext context)
    {
        var staged = MenuFile(context, BootEntrySet.Staged);
        if (!File.Exists(staged)) return false;
        Strict(context, BootEntrySet.Staged);
        // One rename: the staged menu replaces the live one in a single step.
        File.Move(staged, MenuFile(context, BootEntrySet.Live), overwrite: true);
        SyncDirectory(Folder(context));
        return true;
    }

    public bool ClearStaged(BootContext context)
    {
        var staged = MenuFile(context, BootEntrySet.Staged);
        if (!File.Exists(staged)) return false;
        File.Delete(staged);
        SyncDirectory(Folder(context));
        return true;
    }

    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order)
    {
        var live = Strict(context, BootEntrySet.Live);
        var ids = order.Select(e => e.Id).ToList();
        if (ids.Count != live.Count || ids.Distinct().Count() != ids.Count || !ids.All(id => live.Any(e => e.Id == id)))
            throw new ArgumentException(
                $"The new order must name each of the {live.Count} entries of "
                    + $"{MenuFile(context, BootEntrySet.Live)} once.");
        Write(context, BootEntrySet.Live, ids.Select(id => Line(live.Single(e => e.Id == id))).ToList());
    }

    public int RemoveEntries(BootContext context, DeploymentId deployment, BootEntrySet set)
    {
        if (!File.Exists(MenuFile(context, set))) return 0;
        var entries = Strict(context, set);
        var keep = entries.Where(e => e.Deployment != deployment).ToList();
        int removed = entries.Count - keep.Count;
        if (removed == 0) return 0;
        // The staged update itself gone, or nothing left: the whole staged menu goes.
        bool stagedUpdateGone = set == BootEntrySet.Staged && (entries[0].Deployment == deployment || keep.Count == 0);
        if (stagedUpdateGone) ClearStaged(context);
        else Write(context, set, keep.Select(Line).ToList());
        return removed;
    }

    private static string Line(BootEntry entry) =>
        Line(entry.Deployment, entry.BootType, entry.BootArtifactName, entry.Title ?? "");

    private static string Line(DeploymentId deployment, BootArtifactType type, string artifact, string title) =>
        $"{deployment.Value} {(type == BootArtifactType.Uki ? "uki" : "bls")} {artifact} {title.Replace('\n', ' ')}";

    private static List<BootEntry> Read(BootContext context, BootEntrySet set, List<BootProblem> problems)
    {
        var path = MenuFile(context, set);
        if (!File.Exists(path)) return [];
        var entries = new List<BootEntry>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split(' ', 4);
            if (parts.Length < 3 || parts[1] is not ("bls" or "uki") || parts[2].Length == 0 || parts[2].Contains('/'))
            {
                problems.Add(new BootProblem(path, i + 1, "expected '<deployment id> <bls|uki> <artifact> <title>'"));
                continue;
            }
            if (!DeploymentId.TryParse(parts[0], out var deployment))
            {
                problems.Add(new BootProblem(path, i + 1, $"'{parts[0]}' is not a deployment id"));
                continue;
            }
            var type = parts[1] == "uki" ? BootArtifactType.Uki : BootArtifactType.Bls;
            entries.Add(new BootEntry(deployment, parts[2], set, entries.Count, type, deployment.Value, path)
            {
                Title = parts.ElementAtOrDefault(3),
            });
        }
        return entries;
    }

    /// <summary>Reads a set before changing anything: a bad line stops the change.</summary>
    private static List<BootEntry> Strict(BootContext context, BootEntrySet set)
    {
        var problems = new List<BootProblem>();
        var entries = Read(context, set, problems);
        if (problems.Count > 0)
            throw new BootFormatException(problems[0].FilePath, problems[0].Line, problems[0].Message);
        return entries;
    }

    private static void Write(BootContext context, BootEntrySet set, IReadOnlyList<string> lines)
    {
        var folder = Folder(context);
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.EnumerateFiles(folder, TempPrefix + "*")) File.Delete(leftover);
        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, MenuFile(context, set), overwrite: true);
        SyncDirectory(folder);
    }

    private static void SyncDirectory(string folder)
    {
        const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
        int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw new IOException($"{folder}: cannot open to sync (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"{folder}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
