using BootcPlug.Deployments.Layout;

namespace BootcPlug.Deployments.Operations;

/// <summary>
/// What a writer does first, holding the exclusive host lock: every backend finishes or undoes what an interrupted
/// change left (a finalize after its swap is completed, a half-done fallback swap is undone, temporary files go), so
/// the disk becomes what readers already report. Readers (status, dry runs) never call it and never change anything.
/// </summary>
public static class HostRecovery
{
    public static void Run(HostPaths paths, HostBootloaders bootloaders)
    {
        foreach (var recovery in bootloaders.Recoveries) recovery.Recover(bootloaders.Context);
        // A staged marker being written: the marker itself appears only by its rename.
        bootloaders.Platform.Files.RemoveLeftovers(paths.RunComposefs);
    }
}
