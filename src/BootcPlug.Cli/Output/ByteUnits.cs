using System.Globalization;

namespace BootcPlug.Cli.Output;

/// <summary>Sizes for people: bytes below 1 KiB, else KiB, MiB, GiB or TiB (1024-based) with one decimal.</summary>
public static class ByteUnits
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    public static string Format(ulong bytes)
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
