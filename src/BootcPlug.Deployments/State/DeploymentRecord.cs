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

    /// <summary>Pinned (<see cref="PinMarker"/>): prune, deploy and delete-deployment keep it.</summary>
    public bool Pinned { get; init; }

    public bool InLive => Entries.Any(e => e.Set == BootEntrySet.Live);

    public bool InStaged => Entries.Any(e => e.Set == BootEntrySet.Staged);

    public int LivePosition => HostInventory.LivePosition(Entries);

    /// <summary>Status can show it: it has an origin and an entry in the live menu.</summary>
    public bool Showable => InLive && Origin is not null;
}
