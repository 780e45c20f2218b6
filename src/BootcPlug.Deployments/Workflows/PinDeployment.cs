using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `pin` or `unpin` is asked for.</summary>
/// <param name="Id">The deployment, by its id or a unique prefix of it.</param>
/// <param name="Pinned">True to pin, false to unpin.</param>
public sealed record PinRequest(DeploymentIdPrefix Id, bool Pinned);

/// <summary>What `pin` or `unpin` did.</summary>
/// <param name="Changed">False when the deployment already was as asked.</param>
/// <param name="DroppedAtFinalize">True when a staged update is waiting whose menu leaves the pinned deployment out:
/// finalizing it drops the deployment from the menu all the same (deploy again to keep it).</param>
public sealed record PinReport(DeploymentId Id, bool Pinned, bool Changed, bool DroppedAtFinalize);

/// <summary>
/// `pin ID` / `unpin ID`: writes or removes the deployment's <see cref="PinMarker"/> (one durable file change, with
/// its fault point). Only a deployment with boot entries and a state dir can be pinned.
/// </summary>
public sealed class PinDeployment(HostContext host)
{
    public PinReport Run(PinRequest request)
    {
        host.Recover();
        var inventory = host.ReadInventory();
        var target = DeploymentLookup.Find(inventory, request.Id);
        if (!target.HasStateDir)
            throw new OperationFailedException(
                $"Deployment {target.Id} has no state dir ({host.Paths.StateDir(target.Id)}); nothing to pin");
        var files = host.Bootloaders.Platform.Files;
        bool changed;
        if (request.Pinned)
        {
            changed = PinMarker.Write(host.Paths, target.Id, files);
            host.Bootloaders.Platform.Faults.Reached("pin.written");
        }
        else
        {
            changed = PinMarker.Delete(host.Paths, target.Id, files);
            host.Bootloaders.Platform.Faults.Reached("unpin.removed");
        }
        if (changed)
            host.Logger.LogInformation("{Action} deployment {Deployment}", request.Pinned ? "Pinned" : "Unpinned",
                target.Id.Value);
        bool dropped = request.Pinned && inventory.Entries.Staged.Count > 0 && !target.InStaged;
        return new PinReport(target.Id, request.Pinned, changed, dropped);
    }
}
