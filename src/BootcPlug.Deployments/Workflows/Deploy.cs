using BootcPlug.Deployments.Operations.Deploy;

namespace BootcPlug.Deployments.Workflows;

/// <summary>
/// `deploy`: a root filesystem tree becomes a deployment, staged or the new default (see <see cref="Deployer"/>
/// for the order of its steps).
/// </summary>
public sealed class Deploy(HostContext host)
{
    public DeployResult Run(DeployRequest request) => new Deployer(host).Deploy(request);
}
