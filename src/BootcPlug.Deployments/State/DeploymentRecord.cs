using BootcPlug.Bootloaders;

namespace BootcPlug.Deployments.State;

/// <summary>One deployment as found on disk: its entries, its state and its role.</summary>
public sealed record DeploymentRecord(
    DeploymentId Id,
    IReadOnlyList<BootEntry> Entries,
    bool HasStateDir,
    OriginFile? Origin,
    string? OriginProblem)
{
    public DeploymentRole Role { get; init; } = DeploymentRole.Other;

    public bool InLive => Entries.Any(e => e.Set == BootEntrySet.Live);

    public bool InStaged => Entries.Any(e => e.Set == BootEntrySet.Staged);

    public int LivePosition => HostInventory.LivePosition(Entries);

    /// <summary>Status can show it: it has an origin and an entry in the live menu.</summary>
    public bool Showable => InLive && Origin is not null;
}

/// <summary>
/// Boot entries whose deployment name is not a deployment id. Nothing is read for them from state/deploy (a name
/// that is not a digest never becomes a path); their artifacts stay referenced and the GC keeps every tag.
/// </summary>
public sealed record StrayEntries(string Name, IReadOnlyList<BootEntry> Entries)
{
    public string Problem => $"No origin file for deployment {Name}: not a valid deployment id";

    public bool InLive => Entries.Any(e => e.Set == BootEntrySet.Live);

    public int LivePosition => HostInventory.LivePosition(Entries);
}
