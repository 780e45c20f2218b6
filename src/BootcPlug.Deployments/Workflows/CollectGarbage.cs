using BootcPlug.Deployments.Operations;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `gc` is asked for.</summary>
public sealed record CollectGarbageRequest(bool DryRun);

/// <summary>
/// `gc`: the reconciling garbage collection of a host. Plan (everything <see cref="GcPlanner"/> decides, with
/// nothing deleted yet), then execute that plan; a dry run reports the same plan. Running it again finishes an
/// interrupted run; a second complete run removes nothing.
/// </summary>
public sealed class CollectGarbage(HostContext host)
{
    public GcReport Run(CollectGarbageRequest request, IProgress<string>? progress = null)
    {
        if (!request.DryRun) HostRecovery.Run(host.Paths, host.Bootloaders);
        using var run = Plan(InventoryView.Of(host.ReadInventory()), request.DryRun, artifactsOnly: false, progress);
        return run.Execute(host.Logger, progress);
    }

    /// <summary>Plans a GC of <paramref name="view"/> (holding the repository's exclusive lock in a real run).</summary>
    internal GcRun Plan(InventoryView view, bool dryRun, bool artifactsOnly, IProgress<string>? progress)
    {
        using var scope = host.Logger.BeginScope(new Dictionary<string, object> { ["Operation"] = "gc", ["DryRun"] = dryRun });
        progress?.Report("Marking what the boot entries keep alive…");
        return GcRun.Prepare(view, dryRun, artifactsOnly);
    }
}
