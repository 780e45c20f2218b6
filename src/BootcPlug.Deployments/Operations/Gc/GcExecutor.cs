using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using BootcPlug.Platform;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>
/// One host GC from its plan to its report. <see cref="Prepare"/> opens the repository, takes its exclusive lock
/// (a real run) and has <see cref="GcPlanner"/> make the plan, so the plan stays exact until <see cref="Execute"/>
/// carries it out; a dry run reports the very same plan. The sweep goes in an order that a crash at any point
/// leaves harmless: boot artifacts, state dirs, tags, stale marker, then repository objects; running the GC again
/// finishes an interrupted one. Disposing returns the repository to its shared lock and closes it.
/// </summary>
public sealed class GcExecutor : IDisposable
{
    private readonly HostPaths _paths;
    private readonly HostBootloaders _bootloaders;
    private readonly ComposefsRepository? _repository;
    private readonly IDisposable? _exclusive;
    private readonly ILogger _logger;

    private GcExecutor(
        InventoryView view, bool dryRun, ComposefsRepository? repository, IDisposable? exclusive, GcPlan plan,
        ILogger logger)
    {
        _paths = view.Inventory.Paths;
        _bootloaders = view.Inventory.Bootloaders;
        DryRun = dryRun;
        _repository = repository;
        _exclusive = exclusive;
        Plan = plan;
        _logger = logger;
    }

    public bool DryRun { get; }
    public GcPlan Plan { get; }

    public static GcExecutor Prepare(
        InventoryView view, bool dryRun, bool artifactsOnly, ILogger logger, IProgress<string>? progress)
    {
        using var scope = logger.BeginScope(Scope(dryRun));
        progress?.Report("Marking what the boot entries keep alive…");
        var paths = view.Inventory.Paths;
        var repository = artifactsOnly ? null : OpenRepository(paths, view.Inventory.Bootloaders.Platform.Faults);
        IDisposable? exclusive = null;
        try
        {
            // The plan is made under the repository's exclusive lock, so it is still exact when it is executed.
            if (!dryRun && repository is not null)
                exclusive = new RepositoryGarbageCollector(repository).LockExclusive();
            var plan = GcPlanner.Plan(view, repository, artifactsOnly);
            return new GcExecutor(view, dryRun, repository, exclusive, plan, logger);
        }
        catch (Exception ex)
        {
            exclusive?.Dispose();
            repository?.Dispose();
            if (ex is GarbageCollectionException) throw new OperationFailedException(ex.Message, ex);
            throw;
        }
    }

    /// <summary>Removes what the plan says (nothing in a dry run) and reports it.</summary>
    public GcReport Execute(IProgress<string>? progress)
    {
        using var scope = _logger.BeginScope(Scope(DryRun));
        var objects = Plan.Repository?.Report(dryRun: true);
        if (!DryRun)
        {
            Sweep(progress);
            if (_repository is not null && Plan.Repository is not null)
                objects = CollectRepository(_repository, Plan.Repository, progress, _bootloaders.Platform.Faults);
        }
        return Plan.Report(DryRun, objects);
    }

    private void Sweep(IProgress<string>? progress)
    {
        var (faults, durable) = (_bootloaders.Platform.Faults, _bootloaders.Platform.Files);
        if (Plan.Artifacts.Count > 0) progress?.Report($"Removing {Plan.Artifacts.Count} boot artifact(s)…");
        foreach (var artifact in Plan.Artifacts)
        {
            artifact.Store.DeleteArtifact(_bootloaders.Context, artifact.Artifact);
            _logger.LogInformation("Removed boot artifact {Path}", artifact.Path);
            faults.Reached("gc.artifact-removed");
        }
        foreach (var state in Plan.StateDirs) RemoveStateDir(state);
        foreach (var tag in Plan.Tags)
        {
            NoFollowPaths.EnsureParent(tag.Path);
            File.Delete(tag.Path);
            durable.SyncDirectory(Path.GetDirectoryName(tag.Path)!);
            _logger.LogInformation("Removed tag {Path}", tag.Path);
            faults.Reached("gc.tag-removed");
        }
        if (Plan.StaleMarker is not null)
        {
            StagedMarker.Delete(Plan.StaleMarker.Path, durable);
            faults.Reached("gc.marker-removed");
        }
    }

    private void RemoveStateDir(StateDirDeletion state)
    {
        // Rename first, so that a crash leaves a leftover the next GC removes, never a half-deleted state dir.
        var (faults, durable) = (_bootloaders.Platform.Faults, _bootloaders.Platform.Files);
        string doomed = Path.Combine(_paths.StateDeploy,
            DurableFiles.TempPrefix + "gc-" + Path.GetFileName(state.Path));
        NoFollowPaths.EnsureDirectory(_paths.Root, state.Path);
        if (!Path.GetFileName(state.Path).StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
        {
            Directory.Move(state.Path, doomed);
            durable.SyncDirectory(_paths.StateDeploy);
            faults.Reached("gc.state-dir-renamed");
        }
        else doomed = state.Path;
        Directory.Delete(doomed, recursive: true);
        _logger.LogInformation("Removed state dir {Path}", state.Path);
        faults.Reached("gc.state-dir-removed");
    }

    /// <summary>The repository's part of the plan, made under the exclusive lock that is still held.</summary>
    private static GarbageCollectionResult CollectRepository(
        ComposefsRepository repository, GarbageCollectionPlan plan, IProgress<string>? progress, IFaultPoints faults)
    {
        progress?.Report($"Removing {plan.Sweep.Removals.Count} unreferenced object(s)…");
        var result = new RepositoryGarbageCollector(repository).Execute(plan);
        if (result.Errors.Count > 0)
            throw new OperationFailedException(
                "some objects could not be removed: " + string.Join("; ", result.Errors));
        faults.Reached("gc.objects-removed");
        return result;
    }

    private static ComposefsRepository? OpenRepository(HostPaths paths, IFaultPoints faults)
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

    private static Dictionary<string, object> Scope(bool dryRun) => new() { ["Operation"] = "gc", ["DryRun"] = dryRun };

    public void Dispose()
    {
        _exclusive?.Dispose();
        _repository?.Dispose();
    }
}
