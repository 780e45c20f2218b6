using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>
/// One host GC from its plan to its report. <see cref="Prepare"/> opens the repository, takes its exclusive lock
/// (a real run) and makes the plan, so the plan stays exact until <see cref="Execute"/> carries it out; a dry run
/// reports the very same plan. Disposing returns the repository to its shared lock and closes it.
/// </summary>
public sealed class GcRun : IDisposable
{
    private readonly HostPaths _paths;
    private readonly ComposefsRepository? _repository;
    private readonly IDisposable? _exclusive;

    private GcRun(HostPaths paths, InventoryView view, bool dryRun, ComposefsRepository? repository, IDisposable? exclusive, GcPlan plan)
    {
        _paths = paths;
        View = view;
        DryRun = dryRun;
        _repository = repository;
        _exclusive = exclusive;
        Plan = plan;
    }

    public InventoryView View { get; }
    public bool DryRun { get; }
    public GcPlan Plan { get; }

    public static GcRun Prepare(InventoryView view, bool dryRun, bool artifactsOnly)
    {
        var paths = view.Inventory.Paths;
        var repository = artifactsOnly ? null : OpenRepository(paths);
        IDisposable? exclusive = null;
        try
        {
            // The plan is made under the repository's exclusive lock, so it is still exact when it is executed.
            if (!dryRun && repository is not null) exclusive = new RepositoryGarbageCollector(repository).LockExclusive();
            var plan = GcPlanner.Plan(view, repository, artifactsOnly);
            return new GcRun(paths, view, dryRun, repository, exclusive, plan);
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
    public GcReport Execute(ILogger logger, IProgress<string>? progress)
    {
        GarbageCollectionResult? objects = Plan.Repository?.Report(dryRun: true);
        if (!DryRun)
        {
            new GcSweep(_paths, View.Inventory.Bootloaders, logger).Sweep(Plan, progress);
            objects = _repository is null || Plan.Repository is null ? null : GcSweep.Repository(_repository, Plan.Repository, progress);
        }
        return GcReports.From(Plan, DryRun, objects);
    }

    private static ComposefsRepository? OpenRepository(HostPaths paths)
    {
        if (!Directory.Exists(paths.Repository)) return null;
        NoFollowPaths.EnsureDirectory(paths.Root, paths.Repository);
        try
        {
            return ComposefsRepository.Open(paths.Repository, upgrade: false);
        }
        catch (Exception ex) when (ex is ComposefsFormatException or IOException or InvalidDataException)
        {
            throw new OperationFailedException($"{paths.Repository}: cannot open the repository: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _exclusive?.Dispose();
        _repository?.Dispose();
    }
}
