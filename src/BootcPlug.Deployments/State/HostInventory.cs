using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Deployments.Layout;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>
/// Everything a verb needs to know about the host, read once: boot entries (the GC roots), state dirs, origins, the
/// staged marker, the booted deployment, and each deployment's <see cref="DeploymentRole"/>, decided here and only
/// here. Reading changes nothing, and reads nothing through a symbolic link: a linked state/deploy, state dir or
/// run/composefs is an error naming it.
/// </summary>
public sealed class HostInventory
{
    private HostInventory(HostPaths paths, HostBootloaders bootloaders, BootEntryListing entries)
    {
        Paths = paths;
        Bootloaders = bootloaders;
        Entries = entries;
    }

    public HostPaths Paths { get; }
    public HostBootloaders Bootloaders { get; }
    public BootEntryListing Entries { get; }

    /// <summary>Deployments that have boot entries, in live-menu order, then staged-only ones.</summary>
    public IReadOnlyList<DeploymentRecord> Deployments { get; private init; } = [];

    /// <summary>Names of the directories in state/deploy, as found (leftovers and foreign names included).</summary>
    public IReadOnlyList<string> StateDirs { get; private init; } = [];

    public StagedMarker? Marker { get; private init; }
    public string? MarkerProblem { get; private init; }

    /// <summary>The running kernel's composefs= argument, as written.</summary>
    public ComposefsKarg? BootedKarg { get; private init; }

    /// <summary>The deployment the running kernel names, when its argument is a deployment id.</summary>
    public DeploymentId? BootedId => DeploymentId.TryParse(BootedKarg?.Verity, out var id) ? id : null;

    public DeploymentRecord? BootedDeployment => WithRole(DeploymentRole.Booted);

    /// <summary>The deployment of the staged set that finalize makes the default (marker or not).</summary>
    public DeploymentRecord? StagedPrimary => WithRole(DeploymentRole.Staged);

    /// <summary>The staged deployment: the staged set's first, confirmed by the marker (a marker left after finalize,
    /// or naming another deployment, is stale and names nothing).</summary>
    public DeploymentRecord? StagedDeployment =>
        StagedPrimary is { } staged && Marker?.Names(staged.Id) == true ? staged : null;

    public DeploymentRecord? RollbackDeployment => WithRole(DeploymentRole.Rollback);

    /// <summary>What status lists after the rollback: the other deployments it can show, in menu order.</summary>
    public IEnumerable<DeploymentRecord> OtherShowable =>
        Deployments.Where(d => d.Role == DeploymentRole.Other && d.Showable).OrderBy(d => d.LivePosition);

    public DeploymentRecord? Find(DeploymentId id) => Deployments.FirstOrDefault(d => d.Id == id);

    /// <summary>The deployment ids among <see cref="StateDirs"/>.</summary>
    public IEnumerable<DeploymentId> StateDirIds =>
        StateDirs.Select(name => DeploymentId.TryParse(name, out var id) ? id : (DeploymentId?)null)
            .OfType<DeploymentId>();

    private DeploymentRecord? WithRole(DeploymentRole role) => Deployments.FirstOrDefault(d => d.Role == role);

    public static HostInventory Read(HostPaths paths, HostBootloaders bootloaders)
    {
        BootEntryListing listing = bootloaders.Menu.ListEntries(bootloaders.Context);
        var stateDirs = StateDirectories(paths);
        // Live-menu order, then staged-only ones: the order status lists them and their warnings in.
        // Every entry names a valid id: the plugin reports one that does not as a listing problem.
        var records = listing.All.GroupBy(e => e.Deployment)
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

        var booted = KernelCommandLine.ReadBooted(paths);
        return new HostInventory(paths, bootloaders, listing)
        {
            Deployments = DeploymentRoles.Assign(records, booted, listing),
            StateDirs = stateDirs,
            Marker = marker,
            MarkerProblem = markerProblem,
            BootedKarg = booted,
        };
    }

    /// <summary>Where the first of <paramref name="entries"/> stands in the live menu (none: last).</summary>
    internal static int LivePosition(IEnumerable<BootEntry> entries) =>
        entries.Where(e => e.Set == BootEntrySet.Live).Select(e => e.MenuPosition).DefaultIfEmpty(int.MaxValue).Min();

    /// <summary>The names in state/deploy, each a real directory reached without a symbolic link.</summary>
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

    private static DeploymentRecord Record(
        HostPaths paths, DeploymentId id, IReadOnlyList<BootEntry> entries, IReadOnlyList<string> stateDirs)
    {
        string originPath = paths.OriginFile(id);
        if (!stateDirs.Contains(id.Value, StringComparer.Ordinal))
            return new DeploymentRecord(id, entries, false, null,
                $"No origin file for deployment {id}: {paths.StateDir(id)} does not exist");
        if (PathGuard.IsSymlink(originPath))
            return new DeploymentRecord(id, entries, true, null, $"{originPath}: is a symbolic link; not followed")
            {
                Pinned = PinMarker.IsPinned(paths, id),
            };
        bool pinned = PinMarker.IsPinned(paths, id);
        try
        {
            var origin = OriginFile.Read(originPath);
            return new DeploymentRecord(id, entries, true, origin,
                origin is null ? $"No origin file for deployment {id}: {originPath} does not exist" : null)
            {
                Pinned = pinned,
            };
        }
        catch (StateFileException ex)
        {
            return new DeploymentRecord(id, entries, true, null, ex.Message) { Pinned = pinned };
        }
    }
}
