namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// One inode as found in an image, with the byte ranges of its xattrs and inline data already checked.
/// </summary>
public sealed class ErofsInode
{
    public required ulong Nid { get; init; }
    /// <summary>Byte offset of the inode header in the image.</summary>
    public required long Offset { get; init; }
    public required bool Extended { get; init; }
    public required int Layout { get; init; }
    public required uint Mode { get; init; }
    public required uint Nlink { get; init; }
    public required ulong Size { get; init; }
    public required uint U { get; init; }
    public required uint Uid { get; init; }
    public required uint Gid { get; init; }
    /// <summary>Seconds; compact inodes carry none and report the superblock's build time.</summary>
    public required long MtimeSeconds { get; init; }
    public required long XattrOffset { get; init; }
    public required int XattrSize { get; init; }
    /// <summary>Where the inline data (tail or chunk indexes) starts and how long it is.</summary>
    public required long InlineOffset { get; init; }
    public required int InlineSize { get; init; }

    public uint FileType => Mode & ErofsFormat.TypeMask;
    public bool IsDirectory => FileType == ErofsFormat.TypeDirectory;
    public bool IsRegular => FileType == ErofsFormat.TypeRegular;
}

/// <summary>An xattr entry: name index, name suffix and value, with the offset of its entry for messages.</summary>
public readonly record struct ErofsXattr(byte NameIndex, ReadOnlyMemory<byte> Suffix, ReadOnlyMemory<byte> Value,
    long Offset)
{
    public byte[] FullName() => [.. ErofsFormat.XattrPrefixes[NameIndex], .. Suffix.Span];

    public bool IsTrusted(ReadOnlySpan<byte> suffix) =>
        NameIndex == ErofsFormat.XattrIndexTrusted && Suffix.Span.SequenceEqual(suffix);
}

/// <summary>A directory entry.</summary>
public readonly record struct ErofsDirent(ReadOnlyMemory<byte> Name, ulong Nid, byte FileType, long Offset)
{
    public bool IsDot => Name.Span.SequenceEqual("."u8);
    public bool IsDotDot => Name.Span.SequenceEqual(".."u8);
}
