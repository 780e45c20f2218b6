using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Repository;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>Something the host GC removes one by one: what kind, where, and the bytes it frees.</summary>
public abstract record PlannedDeletion(RemovalKind Kind, string Path, long Bytes);

/// <summary>A kernel directory or UKI that no entry boots, with the store that deletes it.</summary>
public sealed record ArtifactDeletion(IBootArtifactStore Store, BootArtifact Artifact, long Bytes)
    : PlannedDeletion(RemovalKind.BootArtifact, Artifact.Path, Bytes);

/// <summary>A state dir of a deployment without entries, or one a killed writer or GC left.</summary>
public sealed record StateDirDeletion(string Path, long Bytes) : PlannedDeletion(RemovalKind.StateDir, Path, Bytes);

/// <summary>A localhost/bootc-&lt;digest&gt; tag no deployment's manifest digest names.</summary>
public sealed record TagDeletion(string Path) : PlannedDeletion(RemovalKind.Tag, Path, 0);

/// <summary>A staged marker naming no staged deployment.</summary>
public sealed record StaleMarkerDeletion(string Path, long Bytes)
    : PlannedDeletion(RemovalKind.StagedMarker, Path, Bytes);

/// <summary>Something that looked wrong and is kept, and why.</summary>
public sealed record KeptPath(string Path, string Reason);

/// <summary>Everything one GC will remove, decided before anything is removed; a dry run reports it as is.</summary>
/// <param name="RepositoryRoots">The deployments whose images keep repository objects alive.</param>
/// <param name="Repository">The repository's own plan (null when the GC leaves the repository alone).</param>
public sealed record GcPlan(
    IReadOnlyList<ArtifactDeletion> Artifacts,
    IReadOnlyList<StateDirDeletion> StateDirs,
    IReadOnlyList<TagDeletion> Tags,
    StaleMarkerDeletion? StaleMarker,
    IReadOnlyList<DeploymentId> RepositoryRoots,
    GarbageCollectionPlan? Repository,
    IReadOnlyList<KeptPath> Kept)
{
    public const string ReportApiVersion = "bootcplug.dev/gc-report/v1";

    /// <summary>The host-side removals in sweep order.</summary>
    public IEnumerable<PlannedDeletion> Removals =>
        Artifacts.Cast<PlannedDeletion>().Concat(StateDirs).Concat(Tags)
            .Concat(StaleMarker is null ? [] : [StaleMarker]);

    /// <summary>The gc report (schema gc-report) of this plan: what it removes, or in a dry run would remove.</summary>
    /// <param name="objects">What the repository's part removed (or, in a dry run, would remove).</param>
    public GcReport Report(bool dryRun, GarbageCollectionResult? objects)
    {
        var kept = Kept.Select(k => new Finding { Path = k.Path, Reason = k.Reason }).ToList();
        if (objects is not null)
            kept.AddRange(
                objects.Skipped.Select(s => new Finding { Path = s, Reason = "not an object name; left alone" }));
        return new GcReport
        {
            ApiVersion = ReportApiVersion,
            DryRun = dryRun,
            BootArtifacts = Tally(Artifacts),
            StateDirs = Tally(StateDirs),
            Tags = Tally(Tags),
            Objects = Tally(objects?.ObjectsRemoved ?? 0, objects?.BytesFreed ?? 0),
            Leftovers = Tally(objects?.LeftoversRemoved ?? 0, objects?.LeftoverBytesFreed ?? 0),
            ImagesPruned = (ulong)(objects?.ImagesPruned ?? 0),
            StreamsPruned = (ulong)(objects?.StreamsPruned ?? 0),
            StagedMarkerRemoved = StaleMarker is not null,
            Removed = [.. Removals.Select(d => new Removal { Kind = d.Kind, Path = d.Path, Bytes = (ulong)d.Bytes })],
            Kept = kept,
        };
    }

    private static Tally Tally(IEnumerable<PlannedDeletion> deletions) =>
        Tally(deletions.Count(), deletions.Sum(d => d.Bytes));

    private static Tally Tally(long count, long bytes) => new() { Count = (ulong)count, Bytes = (ulong)bytes };
}
