using BootcPlug.Deployments.Status;

namespace BootcPlug.Deployments.Workflows;

/// <summary>
/// `status`: reads the host once and builds bootc's status document. Reads only, never changes anything.
/// </summary>
public sealed class ReadStatus(HostContext host)
{
    public StatusReport Run() => HostStatusBuilder.Build(host.ReadInventory());
}
