using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci.Tar;

internal enum TarEntryType
{
    Regular,
    HardLink,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Directory,
    Fifo,
}

/// <summary>One tar member after its extension headers (PAX, GNU long name/link) are applied.</summary>
internal sealed class TarEntry
{
    public required byte[] Path { get; init; }
    public byte[] LinkTarget { get; init; } = [];
    public required TarEntryType Type { get; init; }
    public uint Mode { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public long MtimeSeconds { get; init; }
    public uint MtimeNanoseconds { get; init; }
    public long Size { get; init; }
    public uint DeviceMajor { get; init; }
    public uint DeviceMinor { get; init; }
    public IReadOnlyList<Xattr> Xattrs { get; init; } = [];

    /// <summary>Bytes the member's data takes in the archive: its size rounded up to 512.</summary>
    public long StoredSize => (Size + 511) & ~511L;

    public string DisplayPath => System.Text.Encoding.UTF8.GetString(Path);

    /// <summary>The device number as Linux encodes it (new_encode_dev), as composefs stores rdev.</summary>
    public ulong DeviceNumber =>
        ((ulong)(DeviceMajor & 0xfffff000) << 32) | ((ulong)(DeviceMajor & 0xfff) << 8)
        | ((ulong)(DeviceMinor & 0xffffff00) << 12) | (DeviceMinor & 0xff);
}
