using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Workflows;

/// <summary>
/// `deploy`: a root filesystem tree becomes a deployment, staged or the new default (see <see cref="Deployer"/>
/// for the order of its steps). With --keep, the garbage collection follows once the deploy has let go of the
/// repository (the GC takes its lock exclusively).
/// </summary>
public sealed class Deploy(HostContext host)
{
    public DeployResult Run(DeployRequest request)
    {
        var result = new Deployer(host).Deploy(request);
        if (request.Keep is null) return result;
        try
        {
            var view = InventoryView.Of(host.ReadInventory());
            using var gc = GcExecutor.Prepare(view, dryRun: false, artifactsOnly: false, host.Logger, progress: null);
            return result with { Gc = gc.Execute(progress: null) };
        }
        catch (OperationFailedException refused)
        {
            return result with { GcRefusal = refused.Message };
        }
    }
}
