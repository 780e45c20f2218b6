using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>The host a workflow works on: its paths, its bootloader plugins and where to log.</summary>
public sealed record HostContext(HostPaths Paths, HostBootloaders Bootloaders, ILogger Logger)
{
    public HostInventory ReadInventory() => HostInventory.Read(Paths, Bootloaders);
}
