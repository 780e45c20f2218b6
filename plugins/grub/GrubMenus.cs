using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Bootloaders.Formats.Bls;
using BootcPlug.Bootloaders.Formats.Grub;
using BootcPlug.Platform;

namespace BootcPlug.Plugins.Grub;

/// <summary>The UKI menus of a grub host: <c>grub2/user.cfg</c> (live) and <c>grub2/user.cfg.staged</c>.</summary>
/// <param name="grubDir">The <c>grub2</c> folder in the boot dir.</param>
/// <param name="espDir">The ESP, which chainloader paths are relative to.</param>
/// <param name="durable">The durable file operations every change goes through.</param>
internal sealed class GrubMenus(string grubDir, string espDir, DurableFiles durable)
{
    public string UserCfg => Path.Combine(grubDir, "user.cfg");

    public string StagedCfg => Path.Combine(grubDir, "user.cfg.staged");

    /// <summary>
    /// True when this host boots UKIs through user.cfg (never looked up through a linked grub2 folder).
    /// </summary>
    public bool InUse
    {
        get
        {
            NoFollowPaths.EnsureDirectory(grubDir);
            return File.Exists(UserCfg) || File.Exists(StagedCfg);
        }
    }

    private string PathOf(BootEntrySet set) => set == BootEntrySet.Live ? UserCfg : StagedCfg;

    /// <summary>
    /// For writers only: removes temporary files an interrupted write left (a menu being written, or one being
    /// cleared).
    /// </summary>
    public void Recover() => durable.RemoveLeftovers(grubDir);

    /// <summary>Lists both menus; changes nothing.</summary>
    public BootEntryListing List()
    {
        var problems = new List<BootProblem>();
        return new BootEntryListing(Entries(BootEntrySet.Live, problems), Entries(BootEntrySet.Staged, problems),
            problems);
    }

    private GrubUserConfig? Read(BootEntrySet set)
    {
        var path = PathOf(set);
        NoFollowPaths.EnsureDirectory(grubDir);
        if (!File.Exists(path)) return null;
        if (PathGuard.IsSymlink(path)) throw new BootFormatException(path, null, "is a symbolic link; not followed");
        return GrubUserConfig.Parse(File.ReadAllText(path), path);
    }

    private List<BootEntry> Entries(BootEntrySet set, List<BootProblem> problems)
    {
        GrubUserConfig? config;
        try { config = Read(set); }
        catch (BootFormatException e) { problems.Add(e.ToProblem()); return []; }
        if (config is null) return [];
        var result = new List<BootEntry>();
        foreach (var entry in config.Entries)
        {
            var deployment = ToBootEntry(entry, set, result.Count, PathOf(set), out var problem);
            if (problem is not null) problems.Add(problem);
            if (deployment is not null) result.Add(deployment);
        }
        return result;
    }

    private BootEntry? ToBootEntry(GrubMenuEntry entry, BootEntrySet set, int position, string path,
        out BootProblem? problem)
    {
        problem = null;
        var chainloader = entry.Chainloader;
        if (string.IsNullOrEmpty(chainloader))
        {
            problem = new(path, entry.Line, $"menuentry \"{entry.Title}\" has no chainloader");
            return null;
        }
        // A chainloader may name a device first: "($root)/EFI/..."; only the path part is ours to check.
        var efiPath = chainloader.StartsWith('(') && chainloader.IndexOf(')') is var close and > 0
            ? chainloader[(close + 1)..]
            : chainloader;
        if (PathGuard.Resolve(espDir, efiPath, out var unsafeReason) is null)
        {
            problem = new(path, entry.Line, unsafeReason);
            return null;
        }
        var file = efiPath.Split('/').Last();
        if (!file.EndsWith(".efi", StringComparison.OrdinalIgnoreCase))
        {
            problem = new(path, entry.Line, $"chainloader '{chainloader}' is missing the expected suffix '.efi'");
            return null;
        }
        var name = ArtifactNames.Strip(file[..^4]);
        if (!ArtifactNames.IsValid(name))
        {
            problem = new(path, entry.Line, $"chainloader '{chainloader}' does not name a usable UKI");
            return null;
        }
        if (!DeploymentId.TryParse(name, out var deployment))
        {
            problem = new(path, entry.Line, $"chainloader '{chainloader}' does not name a deployment id");
            return null;
        }
        return new BootEntry(deployment, name, set, position, BootArtifactType.Uki, entry.Title, path)
        {
            Title = entry.Title,
        };
    }

    private GrubUserConfig ReadStrict(BootEntrySet set)
    {
        var problems = new List<BootProblem>();
        var config = Read(set) ?? new GrubUserConfig(GrubUserConfig.EfiUuidHeader, []);
        foreach (var entry in config.Entries)
        {
            ToBootEntry(entry, set, 0, PathOf(set), out var problem);
            if (problem is not null) throw new BootFormatException(problem.FilePath, problem.Line, problem.Message);
        }
        return config;
    }

    private void Write(BootEntrySet set, GrubUserConfig config)
    {
        NoFollowPaths.EnsureDirectory(grubDir);
        Directory.CreateDirectory(grubDir);
        durable.WriteText(PathOf(set), config.Serialize());
    }

    public void WriteStaged(EntryTemplate primary, IReadOnlyList<BootEntry> kept)
    {
        Recover();
        var live = ReadStrict(BootEntrySet.Live);
        var entries = new List<GrubMenuEntry>
        {
            GrubMenuEntry.ChainloadUki($"{primary.Title}: ({primary.Deployment})",
                EntryTemplates.UkiPath(primary.BootArtifactName)),
        };
        foreach (var entry in kept)
        {
            entries.Add(live.Entries.FirstOrDefault(e => e.Title == entry.Id)
                ?? throw new ArgumentException($"\"{entry.Id}\" is not a live menuentry in {UserCfg}."));
        }
        Write(BootEntrySet.Staged, live with { Entries = entries });
    }

    public bool Finalize()
    {
        Recover();
        if (!File.Exists(StagedCfg)) return false;
        ReadStrict(BootEntrySet.Staged);
        // One rename over user.cfg: the old menu is gone in the same step, so it never shows up as user.cfg.staged,
        // and the staged menu is never under a temporary name that leftover removal would delete.
        durable.ReplaceFile(UserCfg, StagedCfg);
        return true;
    }

    public bool ClearStaged()
    {
        Recover();
        if (!File.Exists(StagedCfg)) return false;
        File.Delete(durable.MoveAside(StagedCfg, "cleared-user.cfg"));
        return true;
    }

    public void Reorder(IReadOnlyList<BootEntry> order)
    {
        Recover();
        var live = ReadStrict(BootEntrySet.Live);
        if (live.Entries.GroupBy(e => e.Title).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BootFormatException(UserCfg, twice.Skip(1).First().Line,
                $"menuentry title \"{twice.Key}\" appears twice; entries cannot be told apart to reorder them");
        var byTitle = live.Entries.ToDictionary(e => e.Title, StringComparer.Ordinal);
        var titles = order.Select(e => e.Id).ToList();
        if (titles.Count != live.Entries.Count || titles.Distinct(StringComparer.Ordinal).Count() != titles.Count
            || !titles.All(byTitle.ContainsKey))
            throw new ArgumentException(
                $"The new order must name each of the {live.Entries.Count} menuentries of {UserCfg} once.");
        Write(BootEntrySet.Live, live with { Entries = titles.Select(t => byTitle[t]).ToList() });
    }

    public int Remove(DeploymentId deployment, BootEntrySet set)
    {
        Recover();
        if (!File.Exists(PathOf(set))) return 0;
        var config = ReadStrict(set);
        var keep = new List<GrubMenuEntry>();
        bool primaryRemoved = false;
        for (int i = 0; i < config.Entries.Count; i++)
        {
            var entry = ToBootEntry(config.Entries[i], set, i, PathOf(set), out _);
            if (entry?.Deployment == deployment) { primaryRemoved |= i == 0; continue; }
            keep.Add(config.Entries[i]);
        }
        int removed = config.Entries.Count - keep.Count;
        if (removed == 0) return 0;
        if (set == BootEntrySet.Staged && (primaryRemoved || keep.Count == 0)) ClearStaged();
        else Write(set, config with { Entries = keep });
        return removed;
    }
}
