using System.Globalization;

namespace BootcPlug.Cli.Output;

/// <summary>Byte counts as people read them: B below 1 KiB, else KiB, MiB, GiB or TiB (1024-based), one decimal.
/// </summary>
public static class HumanSize
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    public static string Of(ulong bytes)
    {
        if (bytes < 1024) return $"{bytes} B";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
