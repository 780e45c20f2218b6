using System.Text;

namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// The <c>LoaderInfo</c> EFI variable, in which a boot loader names itself (e.g. <c>systemd-boot 257.4</c>).
/// </summary>
public static class LoaderInfo
{
    /// <summary>The variable's file name in efivarfs (systemd's loader vendor GUID).</summary>
    public const string VariableName = "LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    /// <summary>
    /// Reads the variable from <paramref name="efiVarsDir"/>: a 4-byte attribute header, then UTF-16LE text.
    /// Returns null when it does not exist (not UEFI, or a loader that does not set it).
    /// </summary>
    public static string? Read(string efiVarsDir)
    {
        var path = Path.Combine(efiVarsDir, VariableName);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4) return "";
        return Encoding.Unicode.GetString(bytes, 4, (bytes.Length - 4) & ~1).TrimEnd('\0');
    }

    /// <summary>
    /// The systemd-boot major version in a LoaderInfo value such as <c>systemd-boot 258.1</c>, or null.
    /// </summary>
    public static int? SystemdBootVersion(string? loaderInfo)
    {
        if (loaderInfo is null) return null;
        var parts = loaderInfo.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int at = Array.FindIndex(parts, p => p.Equals("systemd-boot", StringComparison.OrdinalIgnoreCase));
        if (at < 0 || at + 1 >= parts.Length) return null;
        var digits = new string(parts[at + 1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var major) ? major : null;
    }
}
