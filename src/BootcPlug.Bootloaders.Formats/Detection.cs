namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// How the bundled detectors tell bootloaders apart, as bootc does: from the <c>LoaderInfo</c> EFI variable in which a
/// boot loader names itself. Each bundled plugin's <see cref="IBootloaderDetector"/> answers for its own names with it.
/// </summary>
public static class Detection
{
    /// <summary>
    /// What the LoaderInfo variable says: <c>systemd</c> for systemd-boot, <c>grub-cc</c> for "grub cc", <c>grub</c>
    /// for
    /// any other grub, null for another boot loader or no variable; with the value, for reasons.
    /// </summary>
    public static (string? Bootloader, string? LoaderInfoValue) FromLoaderInfo(BootContext context)
    {
        var info = LoaderInfo.Read(context.EfiVarsDir);
        if (info is null) return (null, null);
        var lower = info.ToLowerInvariant();
        if (lower.Contains("systemd-boot")) return ("systemd", info);
        if (lower.Contains("grub cc")) return ("grub-cc", info);
        if (lower.Contains("grub")) return ("grub", info);
        return (null, info);
    }

    /// <summary>
    /// A detector's answer for a plugin that serves <paramref name="names"/>: certain when LoaderInfo names one of
    /// them;
    /// when the plugin serves <paramref name="fallback"/>, a fallback claim for it when there is no LoaderInfo variable
    /// or
    /// it names a boot loader no bundled plugin knows (bootc treats both as grub).
    /// </summary>
    public static BootloaderDetection For(BootContext context, IReadOnlyList<string> names, string? fallback = null)
    {
        var (bootloader, info) = FromLoaderInfo(context);
        string reason = info is null ? "no LoaderInfo EFI variable" : $"LoaderInfo is '{info}'";
        if (bootloader is not null && names.Contains(bootloader))
            return BootloaderDetection.Certain(bootloader, reason);
        if (bootloader is null && fallback is not null && names.Contains(fallback))
            return BootloaderDetection.Fallback(fallback, reason);
        return BootloaderDetection.NotDetected(reason);
    }
}
