using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

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
        if (!request.DryRun) host.Recover();
        var view = InventoryView.Of(host.ReadInventory());
        using var gc = GcExecutor.Prepare(view, request.DryRun, artifactsOnly: false, host.Logger, progress);
        return gc.Execute(progress);
    }
}
