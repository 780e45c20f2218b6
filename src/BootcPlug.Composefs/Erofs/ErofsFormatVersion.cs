namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// The composefs EROFS layouts we write. <see cref="V1"/> is the layout of C <c>mkcomposefs --min-version=1</c>
/// (compact inodes where they fit, breadth-first inode order, 256 whiteout stubs in the root), the default of
/// composefs-rs since 0.9; <see cref="V2"/> is composefs-rs's original layout (extended inodes, depth-first).
/// </summary>
public enum ErofsFormatVersion
{
    V1 = 1,
    V2 = 2,
}

public static class ErofsFormatVersions
{
    /// <summary>What the composefs-rs revision bootc pins writes into a repository it initializes.</summary>
    public const ErofsFormatVersion Default = ErofsFormatVersion.V1;

    public static bool TryParse(string? text, out ErofsFormatVersion version)
    {
        version = text switch
        {
            "1" => ErofsFormatVersion.V1,
            "2" => ErofsFormatVersion.V2,
            _ => 0,
        };
        return version != 0;
    }
}
