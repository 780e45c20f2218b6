using System.Buffers.Binary;

namespace BootcPlug.Composefs.Erofs;

/// <summary>The fields in which the two layouts' composefs header and EROFS superblock differ.</summary>
/// <param name="ComposefsFlags">The composefs header's flags word.</param>
/// <param name="ComposefsVersion">The composefs format version (C mkcomposefs's or composefs-rs's).</param>
/// <param name="RootInodeOffset">The root inode's byte offset (its nid is this over the slot size).</param>
/// <param name="InodeCount">How many inodes the image has.</param>
/// <param name="BuildTime">The superblock's build time (0 in layout 2).</param>
/// <param name="End">The image's length in bytes, a whole number of blocks.</param>
/// <param name="XattrBlockAddress">Where the shared xattrs start, in blocks (0 in layout 2).</param>
internal readonly record struct ImageHeader(uint ComposefsFlags, uint ComposefsVersion, long RootInodeOffset,
    int InodeCount, ulong BuildTime, long End, uint XattrBlockAddress);

/// <summary>Writes the composefs header, padding, and the EROFS superblock that every image starts with.</summary>
internal static class ImageHeaderWriter
{
    public static void Write(ErofsImageWriter.ImageOutput output, in ImageHeader fields)
    {
        Span<byte> header = stackalloc byte[32];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, ErofsFormat.ComposefsMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], ErofsFormat.ComposefsHeaderVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], fields.ComposefsFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], fields.ComposefsVersion);
        output.Write(header);
        output.Pad(ErofsFormat.SuperblockOffset);

        Span<byte> superblock = stackalloc byte[ErofsFormat.SuperblockSize];
        superblock.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(superblock, ErofsFormat.ErofsMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(superblock[8..],
            ErofsFormat.FeatureCompatMtime | ErofsFormat.FeatureCompatXattrFilter);
        superblock[12] = ErofsFormat.BlockBits;
        BinaryPrimitives.WriteUInt16LittleEndian(superblock[14..],
            (ushort)(fields.RootInodeOffset / ErofsFormat.InodeSlotSize));
        BinaryPrimitives.WriteUInt64LittleEndian(superblock[16..], (ulong)fields.InodeCount);
        BinaryPrimitives.WriteUInt64LittleEndian(superblock[24..], fields.BuildTime);
        BinaryPrimitives.WriteUInt32LittleEndian(superblock[36..], (uint)(fields.End / ErofsFormat.BlockSize));
        BinaryPrimitives.WriteUInt32LittleEndian(superblock[44..], fields.XattrBlockAddress);
        output.Write(superblock);
    }
}
