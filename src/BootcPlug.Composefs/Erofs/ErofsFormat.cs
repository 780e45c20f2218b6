namespace BootcPlug.Composefs.Erofs;

/// <summary>On-disk constants of composefs EROFS images (little-endian throughout).</summary>
internal static class ErofsFormat
{
    public const uint ComposefsMagic = 0xd078629a;
    public const uint ComposefsHeaderVersion = 1;
    /// <summary>The composefs_version composefs-rs writes in its V2 layout.</summary>
    public const uint ComposefsRustFormatVersion = 2;
    /// <summary>The composefs_version of the V1 (C mkcomposefs --min-version=1) layout.</summary>
    public const uint ComposefsCFormatVersion = 1;
    /// <summary>Composefs header flag: some inode carries a POSIX ACL xattr.</summary>
    public const uint ComposefsFlagHasAcl = 1;

    public const int SuperblockOffset = 1024;
    public const int SuperblockSize = 128;
    public const uint ErofsMagic = 0xE0F5E1E2;
    public const int BlockBits = 12;
    public const int BlockSize = 1 << BlockBits;

    public const uint FeatureCompatSuperblockChecksum = 0x1;
    public const uint FeatureCompatMtime = 0x2;
    public const uint FeatureCompatXattrFilter = 0x4;
    public const uint FeatureIncompatChunkedFile = 0x4;

    public const int InodeSlotSize = 32;
    public const int CompactInodeSize = 32;
    public const int ExtendedInodeSize = 64;
    public const int XattrHeaderSize = 12;
    public const int DirentSize = 12;

    public const int LayoutFlatPlain = 0;
    public const int LayoutFlatInline = 2;
    public const int LayoutChunkBased = 4;

    /// <summary>i_u of composefs-rs's external files: one chunk covering up to 8 TiB.</summary>
    public const uint SingleChunkFormat = 31;
    public const uint ChunkFormatBitsMask = 0x1F;
    public const uint ChunkFormatIndexes = 0x20;
    public const uint NullBlockAddress = 0xFFFFFFFF;

    public const uint XattrFilterSeed = 0x25BBE08F;
    public const byte XattrIndexPosixAclAccess = 2;
    public const byte XattrIndexPosixAclDefault = 3;
    public const byte XattrIndexTrusted = 4;
    public const byte XattrIndexLustre = 5;

    /// <summary>Name prefixes by xattr name_index.</summary>
    public static readonly byte[][] XattrPrefixes =
    [
        ""u8.ToArray(),
        "user."u8.ToArray(),
        "system.posix_acl_access"u8.ToArray(),
        "system.posix_acl_default"u8.ToArray(),
        "trusted."u8.ToArray(),
        "lustre."u8.ToArray(),
        "security."u8.ToArray(),
    ];

    public static ReadOnlySpan<byte> MetacopySuffix => "overlay.metacopy"u8;
    public static ReadOnlySpan<byte> RedirectSuffix => "overlay.redirect"u8;
    public static ReadOnlySpan<byte> OverlayXattrPrefix => "trusted.overlay."u8;
    public static ReadOnlySpan<byte> EscapedOverlayXattrPrefix => "trusted.overlay.overlay."u8;

    public const uint TypeMask = 0xF000;
    public const uint TypeRegular = 0x8000;
    public const uint TypeDirectory = 0x4000;
    public const uint TypeCharacterDevice = 0x2000;
    public const uint TypeBlockDevice = 0x6000;
    public const uint TypeFifo = 0x1000;
    public const uint TypeSymlink = 0xA000;
    public const uint TypeSocket = 0xC000;

    public const byte DirentUnknown = 0;
    public const byte DirentRegular = 1;
    public const byte DirentDirectory = 2;
    public const byte DirentCharacterDevice = 3;
    public const byte DirentBlockDevice = 4;
    public const byte DirentFifo = 5;
    public const byte DirentSocket = 6;
    public const byte DirentSymlink = 7;

    /// <summary>Images larger than this are refused before they are read (as upstream).</summary>
    public const long MaxImageSize = 1L << 30;

    public static long RoundUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;
}
