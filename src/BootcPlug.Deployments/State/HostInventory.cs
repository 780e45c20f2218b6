using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Deployments.Layout;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>One deployment as found on disk: its entries and its state.</summary>
public sealed record DeploymentRecord(string Verity, IReadOnlyList<BootEntry> Entries, bool HasStateDir, OriginFile? Origin, string? OriginProblem)
{
    public bool InLive => Entries.Any(e => e.Set == BootEntrySet.Live);

    public bool InStaged => Entries.Any(e => e.Set == BootEntrySet.Staged);

    public int LivePosition => Entries.Where(e => e.Set == BootEntrySet.Live).Select(e => e.MenuPosition).DefaultIfEmpty(int.MaxValue).Min();
}

/// <summary>
/// Everything an operation needs to know about the host, read once: boot entries (the GC roots), state dirs,
/// origins, the staged marker and the booted deployment. Reading changes nothing, and reads nothing through a
/// symbolic link: a linked state/deploy, state dir or run/composefs is an error naming it.
/// </summary>
public sealed class HostInventory
{
    private HostInventory(
        HostPaths paths,
        HostBootloaders bootloaders,
        BootEntryListing entries,
        IReadOnlyList<DeploymentRecord> deployments,
        IReadOnlyList<string> stateDirs,
        StagedMarker? marker,
        string? markerProblem,
        ComposefsKarg? booted)
    {
        Paths = paths;
        Bootloaders = bootloaders;
        Entries = entries;
        Deployments = deployments;
        StateDirs = stateDirs;
        Marker = marker;
        MarkerProblem = markerProblem;
        Booted = booted;
    }

    public HostPaths Paths { get; }
    public HostBootloaders Bootloaders { get; }
    public BootEntryListing Entries { get; }

    /// <summary>Deployments that have boot entries, in live-menu order, then staged-only ones.</summary>
    public IReadOnlyList<DeploymentRecord> Deployments { get; }

    /// <summary>Names of the directories in state/deploy.</summary>
    public IReadOnlyList<string> StateDirs { get; }
    public StagedMarker? Marker { get; }
    public string? MarkerProblem { get; }
    public ComposefsKarg? Booted { get; }

    public DeploymentRecord? BootedDeployment => Booted is null ? null : Find(Booted.Verity);

    /// <summary>The staged deployment: named by the marker and present in the staged entry set (a marker left after
    /// finalize, or naming a deployment without entries, is stale and names nothing).</summary>
    public DeploymentRecord? StagedDeployment => Marker is null ? null : Find(Marker.DeploymentId) is { InStaged: true } staged ? staged : null;

    public DeploymentRecord? Find(string verity) => Deployments.FirstOrDefault(d => d.Verity == verity);

    /// <summary>
    /// The deployments status can show (they have an origin) in the live menu, other than <paramref name="current"/>
    /// and the staged one, in menu order: the first is the rollback, the rest are status's otherDeployments.
    /// </summary>
    public IEnumerable<DeploymentRecord> RollbackCandidates(string? current) => Deployments
        .Where(d => d.InLive && d.Origin is not null && d.Verity != current && d.Verity != StagedDeployment?.Verity)
        .OrderBy(d => d.LivePosition);

    public static HostInventory Read(HostPaths paths, HostBootloaders bootloaders)
    {
        BootEntryListing listing = bootloaders.Menu.ListEntries(bootloaders.Context);

        var stateDirs = StateDirectories(paths);

        var deployments = listing.All
            .GroupBy(e => e.Deployment.Value)
            .Select(group => Record(paths, group.Key, group.ToList(), stateDirs))
            .OrderBy(d => d.InLive ? 0 : 1)
            .ThenBy(d => d.LivePosition)
            .ToList();

        StagedMarker? marker = null;
        string? markerProblem = null;
        try
        {
            marker = StagedMarker.Read(paths.StagedMarker);
        }
        catch (StateFileException ex)
        {
            markerProblem = ex.Message;
        }

        return new HostInventory(paths, bootloaders, listing, deployments, stateDirs, marker, markerProblem, KernelCommandLine.ReadBooted(paths));
    }

    /// <summary>The names in state/deploy, each checked to be a real directory reached without a symbolic link.</summary>
    private static List<string> StateDirectories(HostPaths paths)
    {
        NoFollowPaths.EnsureDirectory(paths.Root, paths.StateDeploy);
        if (!Directory.Exists(paths.StateDeploy)) return [];
        var names = new List<string>();
        foreach (var entry in new DirectoryInfo(paths.StateDeploy).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) NoFollowPaths.EnsureDirectory(paths.Root, entry.FullName);
            if (entry is DirectoryInfo) names.Add(entry.Name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static DeploymentRecord Record(HostPaths paths, string verity, IReadOnlyList<BootEntry> entries, IReadOnlyList<string> stateDirs)
    {
        // An id that is not a digest never becomes a path: an entry cannot make us look outside state/deploy.
        if (!DeploymentId.IsValid(verity))
            return new DeploymentRecord(verity, entries, false, null, $"No origin file for deployment {verity}: not a valid deployment id");
        bool hasState = stateDirs.Contains(verity, StringComparer.Ordinal);
        if (!hasState) return new DeploymentRecord(verity, entries, false, null, $"No origin file for deployment {verity}: {paths.StateDir(verity)} does not exist");
        if (PathGuard.IsSymlink(paths.OriginFile(verity)))
            return new DeploymentRecord(verity, entries, true, null, $"{paths.OriginFile(verity)}: is a symbolic link; not followed");
        try
        {
            var origin = OriginFile.Read(paths.OriginFile(verity));
            return new DeploymentRecord(verity, entries, true, origin, origin is null ? $"No origin file for deployment {verity}: {paths.OriginFile(verity)} does not exist" : null);
        }
        catch (StateFileException ex)
        {
            return new DeploymentRecord(verity, entries, true, null, ex.Message);
        }
    }
}
