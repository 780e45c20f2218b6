using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>The host a workflow works on: its paths, its bootloader plugins and where to log.</summary>
public sealed record HostContext(HostPaths Paths, HostBootloaders Bootloaders, ILogger Logger)
{
    public HostInventory ReadInventory() => HostInventory.Read(Paths, Bootloaders);

    /// <summary>
    /// What a writer does first, holding the exclusive host lock: every backend finishes or undoes what an
    /// interrupted change left (a finalize after its swap is completed, a half-done fallback swap is undone,
    /// temporary files go), so the disk becomes what readers already report. Readers (status, dry runs) never call
    /// it and never change anything.
    /// </summary>
    public void Recover()
    {
        foreach (var recovery in Bootloaders.Recoveries) recovery.Recover(Bootloaders.Context);
        // A staged marker being written: the marker itself appears only by its rename.
        Bootloaders.Platform.Files.RemoveLeftovers(Paths.RunComposefs);
    }
}
