using System.Text;
using BootcPlug.Bootloaders;

namespace Acme.Boot;

/// <summary>
/// The detector role: claims the host for this plugin's bootloader when the firmware's <c>LoaderInfo</c> variable
/// names it, or when its live menu file exists. bootcplug asks it only when <c>--bootloader</c> is not given.
/// </summary>
public sealed class MenuFileDetector : IBootloaderDetector
{
    /// <summary>The EFI variable the boot loader sets (systemd's loader interface): 4 attribute bytes, then
    /// UTF-16LE text.</summary>
    public const string LoaderInfoVariable = "LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    public BootloaderDetection Detect(BootContext context)
    {
        var variable = Path.Combine(context.EfiVarsDir, LoaderInfoVariable);
        if (File.Exists(variable) && File.ReadAllBytes(variable) is { Length: > 4 } bytes
            && Encoding.Unicode.GetString(bytes, 4, (bytes.Length - 4) & ~1)
                .Contains(Bootloader.Name, StringComparison.OrdinalIgnoreCase))
            return BootloaderDetection.Certain(Bootloader.Name, $"LoaderInfo names {Bootloader.Name}");
        var live = MenuFiles.Path(context, BootEntrySet.Live);
        return File.Exists(live)
            ? BootloaderDetection.Certain(Bootloader.Name, $"{live} exists")
            : BootloaderDetection.NotDetected($"{live} does not exist");
    }
}
