using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>Something the GC removes: what, where, and the bytes it frees.</summary>
public sealed record PlannedDeletion(string Kind, string Path, long Bytes)
{
    /// <summary>For a boot artifact: the store that deletes it.</summary>
    public IBootArtifactStore? Backend { get; init; }
    public BootArtifact? Artifact { get; init; }
}

/// <summary>Everything one GC will remove, decided before anything is removed.</summary>
public sealed record GcPlan(
    IReadOnlyList<PlannedDeletion> Artifacts,
    IReadOnlyList<PlannedDeletion> StateDirs,
    IReadOnlyList<PlannedDeletion> Tags,
    PlannedDeletion? StaleMarker,
    IReadOnlyList<string> RepositoryRoots,
    GarbageCollectionPlan? Repository,
    IReadOnlyList<(string Path, string Reason)> Kept);
