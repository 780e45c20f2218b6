namespace BootcPlug.Composefs.Repository;

/// <summary>
/// The temporary files object writers create in objects/ (<see cref="PathIn"/>: ".tmp-" and 16 lowercase hex
/// digits). Only a GC holding the exclusive lock may take one for a leftover: no writer runs then.
/// </summary>
public static class ObjectTempFiles
{
    public const string Prefix = ".tmp-";
    private const int SuffixLength = 16;

    /// <summary>A fresh temporary file name in <paramref name="directory"/>.</summary>
    public static string PathIn(string directory) =>
        Path.Combine(directory, Prefix + Guid.NewGuid().ToString("N")[..SuffixLength]);

    public static bool IsTempName(ReadOnlySpan<char> name)
    {
        if (name.Length != Prefix.Length + SuffixLength || !name.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        foreach (char c in name[Prefix.Length..])
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }
}
