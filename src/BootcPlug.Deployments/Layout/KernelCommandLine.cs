using BootcPlug.Bootloaders.Formats;

namespace BootcPlug.Deployments.Layout;

/// <summary>
/// Finds the booted deployment from the image kernel argument: bootc's `composefs=` (`composefs=?` when fs-verity is
/// optional) or composefs-rs's `composefs.digest=v1-sha512-12:` form, which names V1 images. Under `--root` the command
/// line is ROOT/proc/cmdline; a host without it, or without the argument, booted none.
/// </summary>
public static class KernelCommandLine
{
    public static ComposefsKarg? ReadBooted(HostPaths paths)
    {
        if (!File.Exists(paths.ProcCmdline)) return null;
        return ComposefsKarg.Find(File.ReadAllText(paths.ProcCmdline));
    }
}
