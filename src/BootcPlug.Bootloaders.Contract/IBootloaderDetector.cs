namespace BootcPlug.Bootloaders;

/// <summary>
/// Tells whether one of the bootloaders a plugin declares in its <c>plugin.json</c> runs the host. The host asks the
/// detectors of the plugins that declare bootloaders when <c>--bootloader</c> is not given; a plugin without a
/// detector is used only when an admin names one of its bootloaders.
/// </summary>
public interface IBootloaderDetector
{
    /// <summary>
    /// Decides, reading only files under the context (the EFI variables, the boot dir, the ESP) and changing nothing,
    /// which of its plugin's declared bootloader names runs this host, if any.
    /// </summary>
    BootloaderDetection Detect(BootContext context);
}

/// <summary>How sure a detector is.</summary>
public enum DetectionStrength
{
    /// <summary>The host is not run by any of the plugin's bootloaders.</summary>
    None,

    /// <summary>
    /// Nothing on the host names a bootloader, and this one is the plugin's default guess (grub when there is no
    /// <c>LoaderInfo</c> variable). Any <see cref="Certain"/> claim from another plugin wins over it.
    /// </summary>
    Fallback,

    /// <summary>Something on the host names this bootloader (the <c>LoaderInfo</c> variable, a file only it
    /// writes).</summary>
    Certain,
}

/// <summary>The answer of <see cref="IBootloaderDetector.Detect"/>.</summary>
/// <param name="Bootloader">The declared bootloader name that runs the host, or null when none does.</param>
/// <param name="Strength">How sure the detector is; <see cref="DetectionStrength.None"/> exactly when <paramref
/// name="Bootloader"/> is null.</param>
/// <param name="Reason">Why, in a few words an admin can check (the LoaderInfo value, a file that exists).</param>
public sealed record BootloaderDetection(string? Bootloader, DetectionStrength Strength, string Reason)
{
    /// <summary>The host is run by <paramref name="bootloader"/>, by evidence on the host.</summary>
    public static BootloaderDetection Certain(string bootloader, string reason)
        => new(bootloader, DetectionStrength.Certain, reason);

    /// <summary>Nothing names a bootloader; <paramref name="bootloader"/> is the plugin's default guess.</summary>
    public static BootloaderDetection Fallback(string bootloader, string reason)
        => new(bootloader, DetectionStrength.Fallback, reason);

    /// <summary>None of the plugin's bootloaders runs the host.</summary>
    public static BootloaderDetection NotDetected(string reason) => new(null, DetectionStrength.None, reason);

    /// <summary>True when a bootloader was detected.</summary>
    public bool Detected => Bootloader is not null;
}
