using System.Buffers.Binary;
using System.IO.Hashing;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Writes a composefs EROFS image with the exact bytes composefs-rs produces. <see cref="Write(FsDirectory)"/>
/// writes its original V2 layout: extended inodes in depth-first order, directory before children; shared xattrs
/// for identical entries used by more than one inode; directory tails inline; external files as chunk-based inodes
/// with one null chunk. V1 (the C mkcomposefs layout) is written by V1ImageWriter.
/// </summary>
public static class ErofsImageWriter
{
    public static byte[] Write(FsDirectory root, ErofsFormatVersion version) => version switch
    {
        ErofsFormatVersion.V1 => V1ImageWriter.Write(root),
        ErofsFormatVersion.V2 => Write(root),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "unknown EROFS format version"),
    };

    /// <summary>The V2 layout.</summary>
    public static byte[] Write(FsDirectory root)
    {
        var inodes = InodeCollector.Collect(root);
        var shared = XattrSharing.Share(inodes);
        var layout = new ImageLayout(inodes.Count, shared.Count);
        var counter = new ImageOutput(null);
        Emit(counter, inodes, shared, layout, recording: true);
        var output = new ImageOutput(new byte[counter.Position]);
        Emit(output, inodes, shared, layout, recording: false);
        return output.Buffer!;
    }

    private static void Emit(ImageOutput output, List<WriterInode> inodes, List<WriterXattr> shared, ImageLayout layout,
        bool recording)
    {
        ImageHeaderWriter.Write(output, new ImageHeader(0, ErofsFormat.ComposefsRustFormatVersion,
            layout.InodeOffsets[0], inodes.Count, BuildTime: 0, layout.End, XattrBlockAddress: 0));

        for (int i = 0; i < inodes.Count; i++)
            WriteInode(output, inodes[i], i, layout, recording);

        output.Pad(ErofsFormat.InodeSlotSize);
        for (int i = 0; i < shared.Count; i++)
        {
            if (recording) layout.XattrOffsets[i] = output.Position;
            WriteXattrEntry(output, shared[i]);
        }

        output.Pad(ErofsFormat.BlockSize);
        for (int i = 0; i < inodes.Count; i++)
        {
            if (recording) layout.BlockOffsets[i] = output.Position;
            if (inodes[i].Directory is { } directory)
            {
                foreach (var block in directory.Blocks)
                {
                    WriteDirentBlock(output, block, layout);
                    output.Pad(ErofsFormat.BlockSize);
                }
            }
        }
        if (recording) layout.End = output.Position;
    }

    private static void WriteInode(ImageOutput output, WriterInode inode, int index, ImageLayout layout, bool recording)
    {
        var (dataLayout, u, size) = InodeShape(inode, layout.BlockOffsets[index]);
        int xattrSize = inode.XattrBodySize();

        output.Pad(ErofsFormat.InodeSlotSize);
        if (dataLayout == ErofsFormat.LayoutFlatInline)
        {
            // Keep the inline tail inside one block: composefs-rs pads when metadata end and tail end differ in block.
            long inlineStart = output.Position + ErofsFormat.ExtendedInodeSize + xattrSize;
            long endOfMetadata = inlineStart - 1;
            long inlineEnd = inlineStart + (long)(size % ErofsFormat.BlockSize);
            if (endOfMetadata / ErofsFormat.BlockSize != inlineEnd / ErofsFormat.BlockSize)
            {
                output.WriteZeros((int)(ErofsFormat.BlockSize - endOfMetadata % ErofsFormat.BlockSize));
                output.Pad(ErofsFormat.InodeSlotSize);
            }
        }
        if (recording) layout.InodeOffsets[index] = output.Position;

        int xattrIcount = xattrSize == 0 ? 0 : 1 + (xattrSize - ErofsFormat.XattrHeaderSize) / 4;
        Span<byte> header = stackalloc byte[ErofsFormat.ExtendedInodeSize];
        header.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(1 | dataLayout << 1));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)xattrIcount);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], (ushort)(inode.TypeBits | inode.Node.Stat.Permissions));
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], u);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)(output.Position / ErofsFormat.InodeSlotSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], inode.Node.Stat.Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], inode.Node.Stat.Gid);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)inode.Node.Stat.MtimeSeconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[44..], (uint)inode.Nlink);
        output.Write(header);

        WriteInodeXattrs(output, inode, sharedIndex => (uint)(layout.XattrOffsets[sharedIndex] / 4));

        if (inode.Directory is { } directory)
            WriteDirentBlock(output, directory.Tail, layout);
        else if (inode.InlineData is { } data)
            output.Write(data);
        output.Pad(ErofsFormat.InodeSlotSize);
    }

    private static (int Layout, uint U, ulong Size) InodeShape(WriterInode inode, long blockOffset)
    {
        if (inode.Directory is { } directory)
        {
            uint blockAddress = (uint)(blockOffset / ErofsFormat.BlockSize);
            if (directory.Tail.Count == 0) return (ErofsFormat.LayoutFlatPlain, blockAddress, directory.Size);
            if (directory.Blocks.Count > 0) return (ErofsFormat.LayoutFlatInline, blockAddress, directory.Size);
            return (ErofsFormat.LayoutFlatInline, 0, directory.Size);
        }
        return ((FsLeaf)inode.Node).Content switch
        {
            InlineFile { Data.Length: 0 } => (ErofsFormat.LayoutFlatPlain, 0, 0),
            InlineFile file => (ErofsFormat.LayoutFlatInline, 0, (ulong)file.Data.Length),
            ExternalFile file => (ErofsFormat.LayoutChunkBased, ErofsFormat.SingleChunkFormat, file.Size),
            RedirectOnlyFile file => (ErofsFormat.LayoutChunkBased, ErofsFormat.SingleChunkFormat, file.Size),
            CharacterDevice device => (ErofsFormat.LayoutFlatPlain, checked((uint)device.Rdev), 0),
            BlockDevice device => (ErofsFormat.LayoutFlatPlain, checked((uint)device.Rdev), 0),
            SymlinkTarget link => (ErofsFormat.LayoutFlatInline, 0, (ulong)link.Target.Length),
            _ => (ErofsFormat.LayoutFlatPlain, 0, 0),
        };
    }

    /// <summary>
    /// An inode's xattr block, when it has xattrs: the header with the filter and the shared count, the shared ids
    /// (what <paramref name="sharedXattrId"/> gives for each shared index; the two layouts count them from different
    /// places), then the local entries.
    /// </summary>
    internal static void WriteInodeXattrs(ImageOutput output, WriterInode inode, Func<int, uint> sharedXattrId)
    {
        if (inode.Filter == 0) return;
        Span<byte> xattrHeader = stackalloc byte[ErofsFormat.XattrHeaderSize];
        xattrHeader.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(xattrHeader, ~inode.Filter);
        xattrHeader[4] = (byte)inode.SharedXattrs.Count;
        output.Write(xattrHeader);
        Span<byte> id = stackalloc byte[4];
        foreach (int sharedIndex in inode.SharedXattrs)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(id, sharedXattrId(sharedIndex));
            output.Write(id);
        }
        foreach (var xattr in inode.LocalXattrs) WriteXattrEntry(output, xattr);
    }

    internal static void WriteXattrEntry(ImageOutput output, WriterXattr xattr)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = (byte)xattr.Suffix.Length;
        header[1] = xattr.PrefixIndex;
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)xattr.Value.Length);
        output.Write(header);
        output.Write(xattr.Suffix);
        output.Write(xattr.Value);
        output.Pad(4);
    }

    private static void WriteDirentBlock(ImageOutput output, List<WriterDirent> entries, ImageLayout layout) =>
        WriteDirentBlock(output, entries, layout.InodeOffsets);

    internal static void WriteDirentBlock(ImageOutput output, List<WriterDirent> entries, long[] inodeOffsets)
    {
        Span<byte> dirent = stackalloc byte[ErofsFormat.DirentSize];
        int nameOffset = ErofsFormat.DirentSize * entries.Count;
        foreach (var entry in entries)
        {
            dirent.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(dirent,
                (ulong)(inodeOffsets[entry.InodeIndex] / ErofsFormat.InodeSlotSize));
            BinaryPrimitives.WriteUInt16LittleEndian(dirent[8..], (ushort)nameOffset);
            dirent[10] = entry.FileType;
            output.Write(dirent);
            nameOffset += entry.Name.Length;
        }
        foreach (var entry in entries)
            output.Write(entry.Name);
    }

    /// <summary>Byte offsets found by the measuring pass and used by the writing pass.</summary>
    private sealed class ImageLayout(int inodeCount, int sharedCount)
    {
        public long[] InodeOffsets { get; } = new long[inodeCount];
        public long[] XattrOffsets { get; } = new long[sharedCount];
        public long[] BlockOffsets { get; } = new long[inodeCount];
        public long End { get; set; }
    }

    /// <summary>Counts bytes (no buffer) or writes them into a buffer of the measured size.</summary>
    internal sealed class ImageOutput(byte[]? buffer)
    {
        public byte[]? Buffer { get; } = buffer;
        public long Position { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            if (Buffer is not null) data.CopyTo(Buffer.AsSpan((int)Position));
            Position += data.Length;
        }

        public void WriteZeros(int count) => Position += count;

        public void Pad(int alignment) => Position = ErofsFormat.RoundUp(Position, alignment);
    }
}

internal sealed record WriterXattr(byte PrefixIndex, byte[] Suffix, byte[] Value) : IComparable<WriterXattr>
{
    public int EntrySize => (int)ErofsFormat.RoundUp(4 + Suffix.Length + Value.Length, 4);

    public int CompareTo(WriterXattr? other)
    {
        if (other is null) return 1;
        int c = PrefixIndex.CompareTo(other.PrefixIndex);
        if (c != 0) return c;
        c = Suffix.AsSpan().SequenceCompareTo(other.Suffix);
        return c != 0 ? c : Value.AsSpan().SequenceCompareTo(other.Value);
    }

    public bool Equals(WriterXattr? other) => other is not null && CompareTo(other) == 0;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PrefixIndex);
        hash.AddBytes(Suffix);
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }

    /// <summary>
    /// Splits a full name into the longest-index prefix it starts with and the remaining suffix. C mkcomposefs (and
    /// so V1) has no "lustre." prefix: such names keep the empty prefix.
    /// </summary>
    public static WriterXattr FromName(ReadOnlySpan<byte> name, byte[] value, bool withLustrePrefix = true)
    {
        for (int index = ErofsFormat.XattrPrefixes.Length - 1; index >= 0; index--)
        {
            if (index == ErofsFormat.XattrIndexLustre && !withLustrePrefix) continue;
            if (name.StartsWith(ErofsFormat.XattrPrefixes[index]))
                return new WriterXattr((byte)index, name[ErofsFormat.XattrPrefixes[index].Length..].ToArray(), value);
        }
        throw new InvalidOperationException("the empty prefix always matches");
    }

    /// <summary>
    /// C mkcomposefs order: full name (prefix string then suffix) bytewise, then shorter value first, then value bytes.
    /// </summary>
    public int CompareByFullName(WriterXattr other)
    {
        var prefix = ErofsFormat.XattrPrefixes[PrefixIndex];
        var otherPrefix = ErofsFormat.XattrPrefixes[other.PrefixIndex];
        int c = CompareConcatenated(prefix, Suffix, otherPrefix, other.Suffix);
        if (c != 0) return c;
        c = Value.Length.CompareTo(other.Value.Length);
        return c != 0 ? c : Value.AsSpan().SequenceCompareTo(other.Value);
    }

    private static int CompareConcatenated(byte[] a1, byte[] a2, byte[] b1, byte[] b2)
    {
        int length = a1.Length + a2.Length, otherLength = b1.Length + b2.Length;
        for (int i = 0; i < Math.Min(length, otherLength); i++)
        {
            byte x = i < a1.Length ? a1[i] : a2[i - a1.Length];
            byte y = i < b1.Length ? b1[i] : b2[i - b1.Length];
            if (x != y) return x.CompareTo(y);
        }
        return length.CompareTo(otherLength);
    }

    public int FilterBit =>
        (int)(XxHash32.HashToUInt32(Suffix, unchecked((int)(ErofsFormat.XattrFilterSeed + PrefixIndex))) % 32);
}

internal sealed record WriterDirent(byte[] Name, int InodeIndex, byte FileType);

internal sealed class WriterDirectory
{
    public List<List<WriterDirent>> Blocks { get; } = new();
    public List<WriterDirent> Tail { get; set; } = new();
    public ulong Size { get; set; }
    public int Nlink { get; set; }
}

internal sealed class WriterInode(FsNode node, uint typeBits)
{
    public FsNode Node { get; } = node;
    /// <summary>The mode's type bits; V1 turns a user whiteout (character device 0/0) into a regular file.</summary>
    public uint TypeBits { get; set; } = typeBits;
    public int Nlink { get; set; }
    public WriterDirectory? Directory { get; set; }
    public byte[]? InlineData { get; set; }
    public List<WriterXattr> LocalXattrs { get; } = new();
    public List<int> SharedXattrs { get; } = new();
    public uint Filter { get; set; }
    /// <summary>
    /// V1: whole blocks of data (or chunk indexes) stored after the metadata, and the inline tail size.
    /// </summary>
    public int DataBlocks { get; set; }
    public int TailSize { get; set; }

    public void AddXattr(ReadOnlySpan<byte> name, byte[] value, bool withLustrePrefix = true)
    {
        var xattr = WriterXattr.FromName(name, value, withLustrePrefix);
        Filter |= 1u << xattr.FilterBit;
        LocalXattrs.Add(xattr);
    }

    public int XattrBodySize()
    {
        if (Filter == 0) return 0;
        int size = ErofsFormat.XattrHeaderSize + 4 * SharedXattrs.Count;
        foreach (var xattr in LocalXattrs) size += xattr.EntrySize;
        return size;
    }
}
