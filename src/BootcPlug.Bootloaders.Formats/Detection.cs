namespace BootcPlug.Bootloaders.Formats;

/// <summary>How bootc tells boot loaders apart, for backends' <see cref="IBootloader.Detect"/>.</summary>
public static class Detection
{
    /// <summary>
    /// The <c>--bootloader</c> name of the host: the override from the context, else from the LoaderInfo EFI variable
    /// (<c>systemd-boot</c> → <c>systemd</c>, <c>grub cc</c> → <c>grub-cc</c>, anything else or no variable → <c>grub</c>).
    /// </summary>
    public static (string Name, string Reason) Bootloader(BootContext context)
    {
        if (context.Bootloader is { } requested) return (requested, $"--bootloader {requested}");
        var info = LoaderInfo.Read(context.EfiVarsDir);
        if (info is null) return ("grub", "no LoaderInfo EFI variable");
        var lower = info.ToLowerInvariant();
        if (lower.Contains("systemd-boot")) return ("systemd", $"LoaderInfo is '{info}'");
        if (lower.Contains("grub cc")) return ("grub-cc", $"LoaderInfo is '{info}'");
        return ("grub", $"LoaderInfo is '{info}'");
    }

    /// <summary>A detection answer for a backend that serves <paramref name="names"/>.</summary>
    public static BootloaderDetection For(BootContext context, IReadOnlyList<string> names)
    {
        var (name, reason) = Bootloader(context);
        return new BootloaderDetection(names.Contains(name), $"{reason}: bootloader '{name}'");
    }
}
