using BootcPlug.Bootloaders.Formats.IO;

namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>How a backend lays out its BLS entries.</summary>
/// <param name="LoaderDir">The <c>loader/</c> folder holding <c>entries/</c> and <c>entries.staged/</c>.</param>
/// <param name="PathRoot">The folder that paths in entries (<c>linux</c>, <c>efi</c>) are relative to.</param>
/// <param name="AllowedDir">The folder those paths must stay inside (the boot dir or the ESP).</param>
/// <param name="MenuOrder">Orders entry files in boot-menu order (first = default).</param>
public sealed record BlsLayout(string LoaderDir, string PathRoot, string AllowedDir, IComparer<(string FileName, BlsEntry Entry)> MenuOrder)
{
    /// <summary>
    /// When set, entry files whose name it rejects are reported instead of listed: the boot loader would not show them
    /// (systemd-boot ignores names with characters other than letters, digits, '+', '-', '_' and '.').
    /// </summary>
    public Func<string, bool>? AcceptsFileName { get; init; }

    /// <summary><c>loader/entries</c>.</summary>
    public string LiveDir => Path.Combine(LoaderDir, "entries");

    /// <summary><c>loader/entries.staged</c>.</summary>
    public string StagedDir => Path.Combine(LoaderDir, "entries.staged");

    /// <summary>The folder of one set.</summary>
    public string DirOf(BootEntrySet set) => set == BootEntrySet.Live ? LiveDir : StagedDir;

    /// <summary>systemd-boot's menu order over parsed entries.</summary>
    public static IComparer<(string FileName, BlsEntry Entry)> SystemdOrder { get; } =
        Comparer<(string FileName, BlsEntry Entry)>.Create((a, b) =>
            EntryOrder.SystemdBoot.Compare(SystemdSortFields.From(a.FileName, a.Entry), SystemdSortFields.From(b.FileName, b.Entry)));

    /// <summary>grub's menu order over parsed entries (file name, descending).</summary>
    public static IComparer<(string FileName, BlsEntry Entry)> GrubOrder { get; } =
        Comparer<(string FileName, BlsEntry Entry)>.Create((a, b) => EntryOrder.GrubFileName.Compare(a.FileName, b.FileName));
}

/// <summary>
/// The BLS Type1 entry sets of one backend (<c>loader/entries</c> and <c>loader/entries.staged</c>): reading them in
/// menu order, and changing them only by building a complete new set in a temporary folder and swapping it in.
/// </summary>
public sealed class BlsEntryStore(BlsLayout layout)
{
    private const long MaxEntrySize = 64 * 1024;

    /// <summary>The layout in use.</summary>
    public BlsLayout Layout => layout;

    /// <summary>One entry file of a set.</summary>
    /// <param name="FileName">The file name.</param>
    /// <param name="Entry">The parsed entry.</param>
    /// <param name="Deployment">The entry as the deployment layer sees it, or null for a foreign entry (no <c>composefs=</c>), which is kept but not listed.</param>
    public sealed record StoredEntry(string FileName, BlsEntry Entry, BootEntry? Deployment);

    /// <summary>Finishes interrupted swaps and removes temporary leftovers.</summary>
    public void Recover()
    {
        NoFollowPaths.EnsureDirectory(layout.LoaderDir);
        if (!Directory.Exists(layout.LoaderDir)) return;
        DurableIO.RecoverDirectory(layout.LiveDir);
        DurableIO.RecoverDirectory(layout.StagedDir);
        DurableIO.RemoveLeftovers(layout.LoaderDir);
    }

    /// <summary>Lists both sets in menu order.</summary>
    public BootEntryListing List()
    {
        Recover();
        var problems = new List<BootProblem>();
        var live = Read(BootEntrySet.Live, problems);
        var staged = Read(BootEntrySet.Staged, problems);
        return new BootEntryListing(Deployments(live), Deployments(staged), problems);
    }

    private static List<BootEntry> Deployments(IEnumerable<StoredEntry> stored) =>
        stored.Select(s => s.Deployment).OfType<BootEntry>().ToList();

    /// <summary>Reads one set in menu order; bad files go to <paramref name="problems"/>.</summary>
    public List<StoredEntry> Read(BootEntrySet set, List<BootProblem> problems)
    {
        var dir = layout.DirOf(set);
        NoFollowPaths.EnsureDirectory(layout.LoaderDir);
        if (!Directory.Exists(dir)) return [];
        if (PathGuard.IsSymlink(dir))
        {
            problems.Add(new(dir, null, "is a symbolic link; not followed"));
            return [];
        }
        var parsed = new List<(string FileName, BlsEntry Entry)>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.conf").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.')) continue;
            if (PathGuard.IsSymlink(path)) { problems.Add(new(path, null, "is a symbolic link; not followed")); continue; }
            if (layout.AcceptsFileName?.Invoke(name) == false)
            {
                problems.Add(new(path, null, "the boot loader ignores this entry: its file name has characters other than letters, digits, '+', '-', '_' and '.'"));
                continue;
            }
            if (new FileInfo(path).Length > MaxEntrySize) { problems.Add(new(path, null, $"is larger than {MaxEntrySize} bytes")); continue; }
            try
            {
                // An admin's own entry may lack a version; one of ours (checked below) may not.
                parsed.Add((name, BlsEntry.Parse(File.ReadAllText(path), path, requireVersion: false)));
            }
            catch (BootFormatException e) { problems.Add(e.ToProblem()); }
        }
        parsed.Sort(layout.MenuOrder);
        var result = new List<StoredEntry>(parsed.Count);
        int position = 0;
        foreach (var (name, entry) in parsed)
        {
            var deployment = ToBootEntry(Path.Combine(dir, name), name, entry, set, position, problems, out bool rejected);
            if (rejected) continue;
            if (deployment is not null) position++;
            result.Add(new StoredEntry(name, entry, deployment));
        }
        return result;
    }

    private BootEntry? ToBootEntry(string path, string fileName, BlsEntry entry, BootEntrySet set, int position, List<BootProblem> problems, out bool rejected)
    {
        rejected = false;
        foreach (var referenced in entry.Initrd.Append(entry.Linux ?? entry.Efi!))
        {
            if (PathGuard.Resolve(layout.PathRoot, referenced, out var problem) is { } full && PathGuard.IsInside(layout.AllowedDir, full)) continue;
            problems.Add(new(path, null, problem.Length > 0 ? problem : $"path '{referenced}' is outside {layout.AllowedDir}"));
            rejected = true;
            return null;
        }
        BootArtifactType type;
        string verity, artifact;
        bool optional = false;
        if (entry.Efi is { } efi)
        {
            var file = efi.Split('/').Last();
            bool prefixed = file.StartsWith(BootloaderContract.ArtifactPrefix, StringComparison.Ordinal);
            if (!prefixed && !efi.TrimStart('/').StartsWith("EFI/Linux/bootc/", StringComparison.Ordinal)) return null;
            if (!file.EndsWith(".efi", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(path, null, $"'{entry.EfiKey} {efi}' is missing the expected suffix '.efi'"));
                rejected = true;
                return null;
            }
            artifact = ArtifactNames.Strip(file[..^4]);
            verity = artifact;
            type = BootArtifactType.Uki;
        }
        else
        {
            if (entry.ComposefsKarg is not { } karg) return null;
            var parts = entry.Linux!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                problems.Add(new(path, null, $"'linux {entry.Linux}' has no kernel directory"));
                rejected = true;
                return null;
            }
            artifact = ArtifactNames.Strip(parts[^2]);
            verity = karg.Verity;
            optional = karg.MissingVerityAllowed;
            type = BootArtifactType.Bls;
        }
        if (!ArtifactNames.IsValid(artifact) || !ArtifactNames.IsValid(verity))
        {
            problems.Add(new(path, null, $"'{artifact}' is not a usable deployment or artifact name"));
            rejected = true;
            return null;
        }
        if (entry.Version is null)
        {
            problems.Add(new(path, null, "missing 'version'"));
            rejected = true;
            return null;
        }
        return new BootEntry(verity, artifact, set, position, type, fileName, path)
        {
            Title = entry.Title,
            Version = entry.Version,
            Options = entry.Options,
            SortKey = entry.SortKey,
            MissingVerityAllowed = optional,
        };
    }

    /// <summary>Reads one set and throws on the first problem: used before changing anything.</summary>
    public List<StoredEntry> ReadStrict(BootEntrySet set)
    {
        var problems = new List<BootProblem>();
        var entries = Read(set, problems);
        if (problems.Count > 0)
        {
            var first = problems[0];
            throw new BootFormatException(first.FilePath, first.Line, first.Message + (problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : ""));
        }
        return entries;
    }

    /// <summary>Replaces a whole set with <paramref name="files"/> (file name → entry text), atomically.</summary>
    public void ReplaceSet(BootEntrySet set, IReadOnlyList<(string FileName, string Text)> files)
    {
        NoFollowPaths.EnsureDirectory(layout.LoaderDir);
        Directory.CreateDirectory(layout.LoaderDir);
        var temp = DurableIO.CreateTempDirectory(layout.LoaderDir, set == BootEntrySet.Live ? "entries" : "entries.staged");
        foreach (var (name, text) in files)
        {
            if (name.Contains('/') || name.StartsWith('.') || !name.EndsWith(".conf", StringComparison.Ordinal))
                throw new ArgumentException($"'{name}' is not a valid entry file name.");
            DurableIO.WriteNewFile(Path.Combine(temp, name), System.Text.Encoding.UTF8.GetBytes(text));
        }
        DurableIO.SyncDirectory(temp);
        DurableIO.ReplaceDirectory(layout.DirOf(set), temp);
    }

    /// <summary>Swaps the staged set in as the live one; false when nothing is staged.</summary>
    public bool Finalize()
    {
        Recover();
        if (!Directory.Exists(layout.StagedDir)) return false;
        ReadStrict(BootEntrySet.Staged);
        // Move the staged set to a temporary name first, so that after the exchange the old live set sits under a
        // name that readers ignore, never under entries.staged where it would look like a new staged set.
        var incoming = DurableIO.MoveAside(layout.StagedDir, "finalize");
        DurableIO.ReplaceDirectory(layout.LiveDir, incoming);
        return true;
    }

    /// <summary>Deletes the staged set; false when there was none.</summary>
    public bool ClearStaged()
    {
        Recover();
        if (!Directory.Exists(layout.StagedDir)) return false;
        Directory.Delete(DurableIO.MoveAside(layout.StagedDir, "cleared"), recursive: true);
        return true;
    }

    /// <summary>Removes every entry of <paramref name="verity"/> from one set; see <see cref="IBootloader.RemoveEntries"/>.</summary>
    public int Remove(string verity, BootEntrySet set)
    {
        Recover();
        var stored = ReadStrict(set);
        var keep = stored.Where(s => s.Deployment?.Verity != verity).ToList();
        int removed = stored.Count - keep.Count;
        if (removed == 0) return 0;
        bool stagedPrimary = stored.Any(s => s.Deployment is { Verity: var v, MenuPosition: 0 } && v == verity);
        if (set == BootEntrySet.Staged && (stagedPrimary || keep.All(s => s.Deployment is null))) ClearStaged();
        else ReplaceSet(set, keep.Select(s => (s.FileName, File.ReadAllText(Path.Combine(layout.DirOf(set), s.FileName)))).ToList());
        return removed;
    }

    /// <summary>Rewrites the live set in the given order of entry ids; foreign entries are kept as they are.</summary>
    public void Reorder(IReadOnlyList<BootEntry> order, string? fallbackOsId = null)
    {
        Recover();
        var stored = ReadStrict(BootEntrySet.Live);
        var ours = stored.Where(s => s.Deployment is not null).ToDictionary(s => s.FileName, StringComparer.Ordinal);
        var ids = order.Select(e => e.Id).ToList();
        if (ids.Count != ours.Count || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count || !ids.All(ours.ContainsKey))
            throw new ArgumentException(
                $"The new order must name each of the {ours.Count} live entries once (got: {string.Join(", ", ids)}; live: {string.Join(", ", ours.Keys)}).");
        var osId = BlsNaming.OsIdFromSortKey(ours[ids[0]].Entry.SortKey) ?? fallbackOsId ?? "bootc";
        var arranged = BlsNaming.Arrange(ids.Select(id => ours[id].Entry).ToList(), osId);
        var files = arranged.Select(a => (a.FileName, a.Entry.Serialize()))
            .Concat(stored.Where(s => s.Deployment is null).Select(s => (s.FileName, File.ReadAllText(Path.Combine(layout.LiveDir, s.FileName)))))
            .ToList();
        if (files.Select(f => f.Item1).Distinct(StringComparer.Ordinal).Count() != files.Count)
            throw new IOException($"{layout.LiveDir}: a foreign entry has the name of a rewritten entry");
        ReplaceSet(BootEntrySet.Live, files);
    }

    /// <summary>
    /// Writes a new staged set: <paramref name="primary"/> first, then a copy of the live entry
    /// <paramref name="secondary"/> (read back from its file), named and keyed for that order.
    /// </summary>
    public void WriteStaged(BlsEntry primary, string osId, BootEntry? secondary)
    {
        Recover();
        var ordered = new List<BlsEntry> { primary };
        if (secondary is not null)
        {
            var live = ReadStrict(BootEntrySet.Live);
            var match = live.FirstOrDefault(s => s.FileName == secondary.Id && s.Deployment is not null)
                ?? throw new ArgumentException($"'{secondary.Id}' is not a live entry in {layout.LiveDir}.");
            ordered.Add(match.Entry);
        }
        var arranged = BlsNaming.Arrange(ordered, osId);
        ReplaceSet(BootEntrySet.Staged, arranged.Select(a => (a.FileName, a.Entry.Serialize())).ToList());
    }
}
