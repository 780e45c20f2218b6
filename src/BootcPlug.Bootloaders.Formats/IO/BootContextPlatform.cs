using BootcPlug.Platform;

namespace BootcPlug.Bootloaders.Formats.IO;

/// <summary>How a plugin reaches the host's platform services through its <see cref="BootContext"/>.</summary>
public static class BootContextPlatform
{
    /// <summary>
    /// The host's durable file operations (they report every step to the host's fault points, and swap directories
    /// the way the host was told to), or plain ones when the host gave none (a plugin used on its own, in a test).
    /// </summary>
    public static DurableFiles DurableFiles(this BootContext context) =>
        context.Services?.GetService(typeof(DurableFiles)) as DurableFiles ?? PlatformServices.Default.Files;
}
