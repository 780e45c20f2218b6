using BootcPlug.Platform;

namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>How a backend lays out its BLS entries.</summary>
/// <param name="LoaderDir">The <c>loader/</c> folder holding <c>entries/</c> and <c>entries.staged/</c>.</param>
/// <param name="PathRoot">The folder that paths in entries (<c>linux</c>, <c>efi</c>) are relative to.</param>
/// <param name="AllowedDir">The folder those paths must stay inside (the boot dir or the ESP).</param>
/// <param name="MenuOrder">Orders entry files in boot-menu order (first = default).</param>
public sealed record BlsLayout(string LoaderDir, string PathRoot, string AllowedDir,
    IComparer<(string FileName, BlsEntry Entry)> MenuOrder)
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
            EntryOrder.SystemdBoot.Compare(SystemdSortFields.From(a.FileName, a.Entry),
                SystemdSortFields.From(b.FileName, b.Entry)));

    /// <summary>grub's menu order over parsed entries (file name, descending).</summary>
    public static IComparer<(string FileName, BlsEntry Entry)> GrubOrder { get; } =
        Comparer<(string FileName, BlsEntry Entry)>.Create((a, b) =>
            EntryOrder.GrubFileName.Compare(a.FileName, b.FileName));
}

/// <summary>
/// The BLS Type1 entry sets of one backend (<c>loader/entries</c> and <c>loader/entries.staged</c>): reading them in
/// menu order, and changing them only by building a complete new set in a temporary folder and swapping it in.
/// </summary>
public sealed class BlsEntryStore(BlsLayout layout, DurableFiles durable)
{
    private const long MaxEntrySize = 64 * 1024;

    /// <summary>The layout in use.</summary>
    public BlsLayout Layout => layout;

    /// <summary>One entry file of a set.</summary>
    /// <param name="FileName">The file name.</param>
    /// <param name="Entry">The parsed entry.</param>
    /// <param name="Deployment">The entry as the deployment layer sees it, or null for a foreign entry (no
    /// <c>composefs=</c>), which is kept but not listed.</param>
    public sealed record StoredEntry(string FileName, BlsEntry Entry, BootEntry? Deployment);

    /// <summary>
    /// The file a finalize puts into the staged set just before swapping it in. Found in the live set, it proves the
    /// swap happened: whatever sits under <c>entries.staged</c> then is the old live set, which readers ignore and
    /// the next writer removes. Found in the staged set, the finalize stopped before its swap and nothing changed.
    /// </summary>
    public const string FinalizeTag = ".bootcplug-finalizing";

    /// <summary>
    /// For writers only (under the exclusive host lock): finishes or undoes what an interrupted change left, so the
    /// sets on disk become what <see cref="List"/> already reports, and removes temporary leftovers.
    /// </summary>
    public void Recover()
    {
        NoFollowPaths.EnsureDirectory(layout.LoaderDir);
        if (!Directory.Exists(layout.LoaderDir)) return;
        durable.RecoverDirectory(layout.LiveDir);
        durable.RecoverDirectory(layout.StagedDir);
        if (SwapFinished()) CompleteFinalize();
        else if (File.Exists(Path.Combine(layout.StagedDir, FinalizeTag)))
        {
            // A finalize stopped before its swap: the staged set is still simply staged.
            File.Delete(Path.Combine(layout.StagedDir, FinalizeTag));
            durable.SyncDirectory(layout.StagedDir);
        }
        durable.RemoveLeftovers(layout.LoaderDir);
    }

    /// <summary>
    /// Whether a finalize swapped its set in (the live set carries the tag) and has not cleaned up yet.
    /// </summary>
    private bool SwapFinished() => File.Exists(Path.Combine(layout.LiveDir, FinalizeTag));

    /// <summary>
    /// The end of a finalize after its swap: the old live set leaves entries.staged, then the tag goes.
    /// </summary>
    private void CompleteFinalize()
    {
        if (PathGuard.IsSymlink(layout.StagedDir)) File.Delete(durable.MoveAside(layout.StagedDir, "finalized-old"));
        else if (Directory.Exists(layout.StagedDir))
            Directory.Delete(durable.MoveAside(layout.StagedDir, "finalized-old"), recursive: true);
        durable.RecoverDirectory(layout.LiveDir);
        File.Delete(Path.Combine(layout.LiveDir, FinalizeTag));
        durable.SyncDirectory(layout.LiveDir);
    }

    /// <summary>
    /// Lists both sets in menu order, as a writer's <see cref="Recover"/> would leave them; changes nothing.
    /// </summary>
    public BootEntryListing List()
    {
        var problems = new List<BootProblem>();
        var live = Read(BootEntrySet.Live, problems);
        var staged = Read(BootEntrySet.Staged, problems);
        return new BootEntryListing(Deployments(live), Deployments(staged), problems);
    }

    /// <summary>
    /// The folder to read for one set: the aside copy of an interrupted fallback swap stands in for a missing set,
    /// and after a finalize's swap the staged name holds the old live set, so there is no staged set; null then.
    /// </summary>
    private string? ReadableDir(BootEntrySet set)
    {
        if (set == BootEntrySet.Staged && SwapFinished()) return null;
        return durable.ReadableDirectory(layout.DirOf(set));
    }

    private static List<BootEntry> Deployments(IEnumerable<StoredEntry> stored) =>
        stored.Select(s => s.Deployment).OfType<BootEntry>().ToList();

    /// <summary>Reads one set in menu order; bad files go to <paramref name="problems"/>.</summary>
    public List<StoredEntry> Read(BootEntrySet set, List<BootProblem> problems)
    {
        NoFollowPaths.EnsureDirectory(layout.LoaderDir);
        var dir = ReadableDir(set);
        if (dir is null || !Directory.Exists(dir)) return [];
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
            if (PathGuard.IsSymlink(path))
            {
                problems.Add(new(path, null, "is a symbolic link; not followed"));
                continue;
            }
            if (layout.AcceptsFileName?.Invoke(name) == false)
            {
                problems.Add(new(path, null, "the boot loader ignores this entry: its file name has characters other "
                    + "than letters, digits, '+', '-', '_' and '.'"));
                continue;
            }
            if (new FileInfo(path).Length > MaxEntrySize)
            {
                problems.Add(new(path, null, $"is larger than {MaxEntrySize} bytes"));
                continue;
            }
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
            var deployment = ToBootEntry(Path.Combine(dir, name), name, entry, set, position, problems,
                out bool rejected);
            if (rejected) continue;
            if (deployment is not null) position++;
            result.Add(new StoredEntry(name, entry, deployment));
        }
        return result;
    }

    private BootEntry? ToBootEntry(string path, string fileName, BlsEntry entry, BootEntrySet set, int position,
        List<BootProblem> problems, out bool rejected)
    {
        rejected = false;
        foreach (var referenced in entry.Initrd.Append(entry.Linux ?? entry.Efi!))
        {
            if (PathGuard.Resolve(layout.PathRoot, referenced, out var problem) is { } full
                && PathGuard.IsInside(layout.AllowedDir, full)) continue;
            problems.Add(new(path, null,
                problem.Length > 0 ? problem : $"path '{referenced}' is outside {layout.AllowedDir}"));
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
        // An entry that names no valid deployment id cannot be tied to a deployment: reporting it stops every deletion.
        if (!DeploymentId.TryParse(verity, out var deployment))
        {
            problems.Add(new(path, null, $"'{verity}' is not a deployment id (64 or 128 lowercase hex digits)"));
            rejected = true;
            return null;
        }
        var counter = BlsFileName.Parse(fileName);
        return new BootEntry(deployment, artifact, set, position, type, fileName, path)
        {
            TriesLeft = counter.TriesLeft,
            TriesDone = counter.TriesDone,
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
            throw new BootFormatException(first.FilePath, first.Line,
                first.Message + (problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : ""));
        }
        return entries;
    }

    /// <summary>Replaces a whole set with <paramref name="files"/> (file name → entry text), atomically.</summary>
    public void ReplaceSet(BootEntrySet set, IReadOnlyList<(string FileName, string Text)> files)
    {
        Recover();
        Directory.CreateDirectory(layout.LoaderDir);
        var temp = durable.CreateTempDirectory(layout.LoaderDir,
            set == BootEntrySet.Live ? "entries" : "entries.staged");
        foreach (var (name, text) in files)
        {
            if (name.Contains('/') || name.StartsWith('.') || !name.EndsWith(".conf", StringComparison.Ordinal))
                throw new ArgumentException($"'{name}' is not a valid entry file name.");
            durable.WriteNewFile(Path.Combine(temp, name), System.Text.Encoding.UTF8.GetBytes(text));
        }
        durable.SyncDirectory(temp);
        durable.ReplaceDirectory(layout.DirOf(set), temp);
    }

    /// <summary>
    /// Swaps the staged set in as the live one; false when nothing is staged. The set is tagged first, then
    /// exchanged with the live one under their own names (never renamed to a temporary name, where it would be the
    /// only copy of the staged deployment under a name that leftover removal deletes); see <see cref="FinalizeTag"/>.
    /// </summary>
    public bool Finalize()
    {
        Recover();
        if (!Directory.Exists(layout.StagedDir)) return false;
        ReadStrict(BootEntrySet.Staged);
        durable.WriteNewFile(Path.Combine(layout.StagedDir, FinalizeTag), []);
        durable.SyncDirectory(layout.StagedDir);
        durable.SwapDirectory(layout.LiveDir, layout.StagedDir);
        CompleteFinalize();
        return true;
    }

    /// <summary>Deletes the staged set; false when there was none.</summary>
    public bool ClearStaged()
    {
        Recover();
        if (!Directory.Exists(layout.StagedDir)) return false;
        Directory.Delete(durable.MoveAside(layout.StagedDir, "cleared"), recursive: true);
        return true;
    }

    /// <summary>
    /// Removes every entry of <paramref name="deployment"/> from one set; see <see cref="IBootMenu.RemoveEntries"/>.
    /// </summary>
    public int Remove(DeploymentId deployment, BootEntrySet set)
    {
        Recover();
        var stored = ReadStrict(set);
        var keep = stored.Where(s => s.Deployment?.Deployment != deployment).ToList();
        int removed = stored.Count - keep.Count;
        if (removed == 0) return 0;
        bool stagedPrimary = stored.Any(s =>
            s.Deployment is { MenuPosition: 0 } first && first.Deployment == deployment);
        if (set == BootEntrySet.Staged && (stagedPrimary || keep.All(s => s.Deployment is null))) ClearStaged();
        else ReplaceSet(set,
            keep.Select(s => (s.FileName, File.ReadAllText(Path.Combine(layout.DirOf(set), s.FileName)))).ToList());
        return removed;
    }

    /// <summary>
    /// Rewrites the live set in the given order of entry ids; foreign entries are kept as they are. Every entry keeps
    /// its boot counter, except that a new default whose counter ran out (<c>+0-N</c>) gets its N tries back: the
    /// loader would otherwise sort it last and boot something else.
    /// </summary>
    public void Reorder(IReadOnlyList<BootEntry> order, string? fallbackOsId = null)
    {
        Recover();
        var stored = ReadStrict(BootEntrySet.Live);
        var ours = stored.Where(s => s.Deployment is not null).ToDictionary(s => s.FileName, StringComparer.Ordinal);
        var ids = order.Select(e => e.Id).ToList();
        if (ids.Count != ours.Count || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count
            || !ids.All(ours.ContainsKey))
            throw new ArgumentException(
                $"The new order must name each of the {ours.Count} live entries once (got: {string.Join(", ", ids)}; "
                    + $"live: {string.Join(", ", ours.Keys)}).");
        var osId = BlsNaming.OsIdFromSortKey(ours[ids[0]].Entry.SortKey) ?? fallbackOsId ?? "bootc";
        var counters = ids.Select(BlsFileName.Parse).ToList();
        if (counters.Count > 0 && counters[0].Failed)
            counters[0] = counters[0] with { TriesLeft = Math.Max(counters[0].TriesDone ?? 0, 1), TriesDone = null };
        var arranged = BlsNaming.Arrange(ids.Select(id => ours[id].Entry).ToList(), osId,
            counters.Select(c => c.Counter).ToList());
        var files = arranged.Select(a => (a.FileName, a.Entry.Serialize()))
            .Concat(stored.Where(s => s.Deployment is null)
                .Select(s => (s.FileName, File.ReadAllText(Path.Combine(layout.LiveDir, s.FileName)))))
            .ToList();
        if (files.Select(f => f.Item1).Distinct(StringComparer.Ordinal).Count() != files.Count)
            throw new IOException($"{layout.LiveDir}: a foreign entry has the name of a rewritten entry");
        ReplaceSet(BootEntrySet.Live, files);
    }

    /// <summary>
    /// Writes a new staged set: <paramref name="primary"/> first, then a copy of the live entry
    /// <paramref name="secondary"/> (read back from its file), named and keyed for that order.
    /// </summary>
    public void WriteStaged(BlsEntry primary, string osId, BootEntry? secondary) =>
        WriteStaged(primary, osId, secondary is null ? [] : [secondary]);

    /// <summary>
    /// Writes a new staged set: <paramref name="primary"/> first (with a boot counter of <paramref name="bootTries"/>
    /// when given), then copies of the live entries <paramref name="kept"/> (read back from their files, each with
    /// its own counter), named and keyed for that order.
    /// </summary>
    public void WriteStaged(BlsEntry primary, string osId, IReadOnlyList<BootEntry> kept, int? bootTries = null)
    {
        Recover();
        var ordered = new List<BlsEntry> { primary };
        var counters = new List<string> { bootTries is { } tries ? new BlsFileName("", "", tries).Counter : "" };
        if (kept.Count > 0)
        {
            var live = ReadStrict(BootEntrySet.Live);
            foreach (var entry in kept)
            {
                var match = live.FirstOrDefault(s => s.FileName == entry.Id && s.Deployment is not null)
                    ?? throw new ArgumentException($"'{entry.Id}' is not a live entry in {layout.LiveDir}.");
                ordered.Add(match.Entry);
                counters.Add(BlsFileName.Parse(match.FileName).Counter);
            }
        }
        var arranged = BlsNaming.Arrange(ordered, osId, counters);
        ReplaceSet(BootEntrySet.Staged, arranged.Select(a => (a.FileName, a.Entry.Serialize())).ToList());
    }
}
