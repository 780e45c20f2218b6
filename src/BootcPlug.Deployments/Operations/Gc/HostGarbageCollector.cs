using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Layout;
using BootcPlug.Models.Reports;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>
/// `gc`: the reconciling garbage collection of a host. Mark (everything <see cref="GcPlanner"/> decides, with
/// nothing deleted yet), then sweep in an order that a crash at any point leaves harmless: boot artifacts,
/// state dirs, tags, repository objects, stale marker. Running it again finishes an interrupted run; a
/// second complete run removes nothing. A dry run reports exactly what the real run will.
/// </summary>
public sealed class HostGarbageCollector(HostPaths paths, ILogger logger)
{
    public const string ReportApiVersion = "bootcplug.dev/gc-report/v1";

    /// <param name="beforeSweep">
    /// Runs once the plan is made and nothing is in doubt, before anything is removed (delete-deployment unlinks its
    /// targets' entries there, so that a refused GC leaves them in place); in a dry run too, to report.
    /// </param>
    public GcReport Run(InventoryView view, bool dryRun, bool artifactsOnly = false, IProgress<string>? progress = null, Action? beforeSweep = null)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Operation"] = "gc", ["DryRun"] = dryRun });
        if (!dryRun) HostRecovery.Run(paths, view.Inventory.Bootloaders);
        var platform = view.Inventory.Bootloaders.Platform;
        using var repository = artifactsOnly ? null : OpenRepository(platform.Faults);
        progress?.Report("Marking what the boot entries keep alive…");
        GcPlan plan;
        IDisposable? exclusive = null;
        try
        {
            // The plan is made under the repository's exclusive lock, so it is still exact when it is executed.
            if (!dryRun && repository is not null) exclusive = new RepositoryGarbageCollector(repository).LockExclusive();
            plan = GcPlanner.Plan(view, repository, artifactsOnly);
        }
        catch (GarbageCollectionException ex)
        {
            exclusive?.Dispose();
            throw new OperationFailedException(ex.Message, ex);
        }

        GarbageCollectionResult? objects;
        using (exclusive)
        {
            beforeSweep?.Invoke();
            objects = plan.Repository?.Report(dryRun: true);
            if (!dryRun)
            {
                Sweep(view, plan, progress, platform);
                objects = plan.Repository is null
                    ? null
                    : CollectRepository(repository!, plan, progress, platform.Faults);
            }
        }

        var kept = plan.Kept.Select(k => new Finding { Path = k.Path, Reason = k.Reason }).ToList();
        if (objects is not null) kept.AddRange(objects.Skipped.Select(s => new Finding { Path = s, Reason = "not an object name; left alone" }));
        var removed = plan.Artifacts.Concat(plan.StateDirs).Concat(plan.Tags).Concat(plan.StaleMarker is null ? [] : [plan.StaleMarker])
            .Select(d => new Removal { Kind = Kind(d.Kind), Path = d.Path, Bytes = (ulong)d.Bytes })
            .ToList();
        return new GcReport
        {
            ApiVersion = ReportApiVersion,
            DryRun = dryRun,
            BootArtifacts = Tally(plan.Artifacts),
            StateDirs = Tally(plan.StateDirs),
            Tags = Tally(plan.Tags),
            Objects = new Tally { Count = (ulong)(objects?.ObjectsRemoved ?? 0), Bytes = (ulong)(objects?.BytesFreed ?? 0) },
            Leftovers = new Tally { Count = (ulong)(objects?.LeftoversRemoved ?? 0), Bytes = (ulong)(objects?.LeftoverBytesFreed ?? 0) },
            ImagesPruned = (ulong)(objects?.ImagesPruned ?? 0),
            StreamsPruned = (ulong)(objects?.StreamsPruned ?? 0),
            StagedMarkerRemoved = plan.StaleMarker is not null,
            Removed = removed,
            Kept = kept,
        };
    }

    private void Sweep(InventoryView view, GcPlan plan, IProgress<string>? progress, PlatformServices platform)
    {
        var (faults, durable) = (platform.Faults, platform.Files);
        var context = view.Inventory.Bootloaders.Context;
        if (plan.Artifacts.Count > 0) progress?.Report($"Removing {plan.Artifacts.Count} boot artifact(s)…");
        foreach (var artifact in plan.Artifacts)
        {
            artifact.Backend!.DeleteArtifact(context, artifact.Artifact!);
            logger.LogInformation("Removed boot artifact {Path}", artifact.Path);
            faults.Reached("gc.artifact-removed");
        }
        foreach (var state in plan.StateDirs)
        {
            // Rename first, so that a crash leaves a leftover the next GC removes, never a half-deleted state dir.
            string doomed = Path.Combine(paths.StateDeploy,
                DurableFiles.TempPrefix + "gc-" + Path.GetFileName(state.Path));
            NoFollowPaths.EnsureDirectory(paths.Root, state.Path);
            if (!Path.GetFileName(state.Path).StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
            {
                Directory.Move(state.Path, doomed);
                durable.SyncDirectory(paths.StateDeploy);
                faults.Reached("gc.state-dir-renamed");
            }
            else doomed = state.Path;
            Directory.Delete(doomed, recursive: true);
            logger.LogInformation("Removed state dir {Path}", state.Path);
            faults.Reached("gc.state-dir-removed");
        }
        foreach (var tag in plan.Tags)
        {
            NoFollowPaths.EnsureParent(tag.Path);
            File.Delete(tag.Path);
            durable.SyncDirectory(Path.GetDirectoryName(tag.Path)!);
            logger.LogInformation("Removed tag {Path}", tag.Path);
            faults.Reached("gc.tag-removed");
        }
        if (plan.StaleMarker is not null)
        {
            StagedMarker.Delete(plan.StaleMarker.Path, durable);
            faults.Reached("gc.marker-removed");
        }
    }

    private static GarbageCollectionResult CollectRepository(ComposefsRepository repository, GcPlan plan,
        IProgress<string>? progress, IFaultPoints faults)
    {
        progress?.Report($"Removing {plan.Repository!.Sweep.Removals.Count} unreferenced object(s)…");
        var result = new RepositoryGarbageCollector(repository).Execute(plan.Repository!);
        if (result.Errors.Count > 0) throw new OperationFailedException("some objects could not be removed: " + string.Join("; ", result.Errors));
        faults.Reached("gc.objects-removed");
        return result;
    }

    private ComposefsRepository? OpenRepository(IFaultPoints faults)
    {
        if (!Directory.Exists(paths.Repository)) return null;
        NoFollowPaths.EnsureDirectory(paths.Root, paths.Repository);
        try
        {
            return ComposefsRepository.Open(paths.Repository, upgrade: false, faults: faults);
        }
        catch (Exception ex) when (ex is ComposefsFormatException or IOException or InvalidDataException)
        {
            throw new OperationFailedException($"{paths.Repository}: cannot open the repository: {ex.Message}", ex);
        }
    }

    private static Tally Tally(IReadOnlyList<PlannedDeletion> deletions) =>
        new() { Count = (ulong)deletions.Count, Bytes = (ulong)deletions.Sum(d => d.Bytes) };

    private static RemovalKind Kind(string kind) =>
        RemovalKindWireNames.TryParse(kind, out var value) ? value : throw new InvalidOperationException($"unknown removal kind {kind}");
}
