using BootcPlug.Composefs.Repository;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>The gc report (schema gc-report) of a plan: what it removes, or in a dry run would remove.</summary>
public static class GcReports
{
    public const string ApiVersion = "bootcplug.dev/gc-report/v1";

    public static GcReport From(GcPlan plan, bool dryRun, GarbageCollectionResult? objects)
    {
        var kept = plan.Kept.Select(k => new Finding { Path = k.Path, Reason = k.Reason }).ToList();
        if (objects is not null) kept.AddRange(objects.Skipped.Select(s => new Finding { Path = s, Reason = "not an object name; left alone" }));
        return new GcReport
        {
            ApiVersion = ApiVersion,
            DryRun = dryRun,
            BootArtifacts = Tally(plan.Artifacts),
            StateDirs = Tally(plan.StateDirs),
            Tags = Tally(plan.Tags),
            Objects = new Tally { Count = (ulong)(objects?.ObjectsRemoved ?? 0), Bytes = (ulong)(objects?.BytesFreed ?? 0) },
            Leftovers = new Tally { Count = (ulong)(objects?.LeftoversRemoved ?? 0), Bytes = (ulong)(objects?.LeftoverBytesFreed ?? 0) },
            ImagesPruned = (ulong)(objects?.ImagesPruned ?? 0),
            StreamsPruned = (ulong)(objects?.StreamsPruned ?? 0),
            StagedMarkerRemoved = plan.StaleMarker is not null,
            Removed = plan.Removals.Select(d => new Removal { Kind = d.Kind, Path = d.Path, Bytes = (ulong)d.Bytes }).ToList(),
            Kept = kept,
        };
    }

    private static Tally Tally(IEnumerable<PlannedDeletion> deletions) =>
        new() { Count = (ulong)deletions.Count(), Bytes = (ulong)deletions.Sum(d => d.Bytes) };
}
