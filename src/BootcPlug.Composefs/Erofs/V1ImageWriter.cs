using System.Buffers.Binary;
using BootcPlug.Composefs.Tree;
using static BootcPlug.Composefs.Erofs.ErofsImageWriter;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Writes the V1 layout, byte for byte as composefs-rs and C <c>mkcomposefs --min-version=1</c> do: compact inodes
/// where mtime equals the image's build time (the smallest mtime) and the values fit 16/32 bits, extended ones
/// otherwise; inode number = breadth-first index; <c>trusted.overlay.opaque=y</c> on the root; shared xattrs after
/// the inode table, addressed from <c>xattr_blkaddr</c>; per-file chunk sizes; tails kept inside one block.
/// </summary>
internal static class V1ImageWriter
{
    public static byte[] Write(FsDirectory root)
    {
        var inodes = V1InodeCollector.Collect(root);
        inodes[0].AddXattr("trusted.overlay.opaque"u8, "y"u8.ToArray(), withLustrePrefix: false);
        bool hasAcl = inodes.Any(inode => inode.LocalXattrs.Any(x =>
            x.PrefixIndex is ErofsFormat.XattrIndexPosixAclAccess or ErofsFormat.XattrIndexPosixAclDefault));
        var shared = XattrSharing.ShareByFullName(inodes);
        ulong buildTime = inodes.Min(inode => (ulong)inode.Node.Stat.MtimeSeconds);
        var image = new V1Image(inodes, shared, buildTime, hasAcl ? ErofsFormat.ComposefsFlagHasAcl : 0);
        image.MoveLargeTailsToBlocks();
        var counter = new ImageOutput(null);
        image.Emit(counter, recording: true);
        var output = new ImageOutput(new byte[counter.Position]);
        image.Emit(output, recording: false);
        return output.Buffer!;
    }

    private sealed class V1Image(List<WriterInode> inodes, List<WriterXattr> shared, ulong buildTime, uint flags)
    {
        private readonly long[] _inodeOffsets = new long[inodes.Count];
        private readonly long[] _xattrOffsets = new long[shared.Count];
        private readonly long[] _blockOffsets = new long[inodes.Count];
        private long _inodesEnd;
        private long _end;

        /// <summary>
        /// A symlink whose target does not fit in the inode's block, and chunk indexes that would overflow one,
        /// go to a data block instead.
        /// </summary>
        public void MoveLargeTailsToBlocks()
        {
            foreach (var inode in inodes)
            {
                if (inode.TailSize == 0 || inode.Node is not FsLeaf leaf) continue;
                int xattrSize = inode.XattrBodySize();
                if (leaf.Content is SymlinkTarget)
                {
                    int header = FitsCompact(inode, (ulong)inode.TailSize, inode.Nlink)
                        ? ErofsFormat.CompactInodeSize : ErofsFormat.ExtendedInodeSize;
                    if (header + xattrSize + inode.TailSize >= ErofsFormat.BlockSize)
                    {
                        inode.DataBlocks++;
                        inode.TailSize = 0;
                    }
                }
                else if (leaf.Content is ExternalFile or RedirectOnlyFile
                         && inode.TailSize + xattrSize % ErofsFormat.InodeSlotSize > ErofsFormat.BlockSize)
                {
                    inode.DataBlocks = 1;
                    inode.TailSize = 0;
                }
            }
        }

        private bool FitsCompact(WriterInode inode, ulong size, int nlink) =>
            (ulong)inode.Node.Stat.MtimeSeconds == buildTime && nlink <= ushort.MaxValue
            && inode.Node.Stat.Uid <= ushort.MaxValue && inode.Node.Stat.Gid <= ushort.MaxValue
            && size <= uint.MaxValue;

        public void Emit(ImageOutput output, bool recording)
        {
            ImageHeaderWriter.Write(output, new ImageHeader(flags, ErofsFormat.ComposefsCFormatVersion,
                _inodeOffsets[0], inodes.Count, buildTime, _end, (uint)(_inodesEnd / ErofsFormat.BlockSize)));

            for (int i = 0; i < inodes.Count; i++) WriteInode(output, i, recording);
            output.Pad(ErofsFormat.InodeSlotSize);
            if (recording) _inodesEnd = output.Position;

            for (int i = 0; i < shared.Count; i++)
            {
                if (recording) _xattrOffsets[i] = output.Position;
                WriteXattrEntry(output, shared[i]);
            }

            output.Pad(ErofsFormat.BlockSize);
            for (int i = 0; i < inodes.Count; i++)
            {
                if (recording) _blockOffsets[i] = output.Position;
                WriteBlocks(output, inodes[i]);
            }
            if (recording) _end = output.Position;
        }

        private void WriteInode(ImageOutput output, int index, bool recording)
        {
            var inode = inodes[index];
            var (layout, u, size) = Shape(inode, _blockOffsets[index]);
            int xattrSize = inode.XattrBodySize();
            bool compact = FitsCompact(inode, size, inode.Nlink);
            int headerSize = compact ? ErofsFormat.CompactInodeSize : ErofsFormat.ExtendedInodeSize;
            bool symlink = inode.Node is FsLeaf { Content: SymlinkTarget };

            output.Pad(ErofsFormat.InodeSlotSize);
            if (symlink && layout == ErofsFormat.LayoutFlatPlain)
            {
                // A symlink moved to a data block still starts a new block where its inline form would have crossed.
                long at = output.Position;
                long last = at + headerSize + xattrSize + (long)size - 1;
                if (at / ErofsFormat.BlockSize != last / ErofsFormat.BlockSize)
                    PadToBlock(output);
            }
            if (layout == ErofsFormat.LayoutChunkBased && inode.TailSize == 0 && inode.DataBlocks > 0)
                PadToBlock(output);
            if (layout == ErofsFormat.LayoutChunkBased && inode.TailSize > 0)
                KeepTailInBlock(output, headerSize + xattrSize, inode.TailSize);
            if (layout == ErofsFormat.LayoutFlatInline)
            {
                int inlineSize = (int)(size % ErofsFormat.BlockSize);
                if (!symlink) KeepTailInBlock(output, headerSize + xattrSize, inlineSize);
                else if (output.Position % ErofsFormat.BlockSize + headerSize + xattrSize + inlineSize
                         > ErofsFormat.BlockSize) PadToBlock(output);
            }
            if (recording) _inodeOffsets[index] = output.Position;

            int xattrIcount = xattrSize == 0 ? 0 : 1 + (xattrSize - ErofsFormat.XattrHeaderSize) / 4;
            Span<byte> raw = stackalloc byte[headerSize];
            raw.Clear();
            ushort mode = (ushort)(inode.TypeBits | inode.Node.Stat.Permissions);
            BinaryPrimitives.WriteUInt16LittleEndian(raw, (ushort)((compact ? 0 : 1) | layout << 1));
            BinaryPrimitives.WriteUInt16LittleEndian(raw[2..], (ushort)xattrIcount);
            BinaryPrimitives.WriteUInt16LittleEndian(raw[4..], mode);
            BinaryPrimitives.WriteUInt32LittleEndian(raw[16..], u);
            BinaryPrimitives.WriteUInt32LittleEndian(raw[20..], (uint)index);
            if (compact)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(raw[6..], (ushort)inode.Nlink);
                BinaryPrimitives.WriteUInt32LittleEndian(raw[8..], (uint)size);
                BinaryPrimitives.WriteUInt16LittleEndian(raw[24..], (ushort)inode.Node.Stat.Uid);
                BinaryPrimitives.WriteUInt16LittleEndian(raw[26..], (ushort)inode.Node.Stat.Gid);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(raw[8..], size);
                BinaryPrimitives.WriteUInt32LittleEndian(raw[24..], inode.Node.Stat.Uid);
                BinaryPrimitives.WriteUInt32LittleEndian(raw[28..], inode.Node.Stat.Gid);
                BinaryPrimitives.WriteUInt64LittleEndian(raw[32..], (ulong)inode.Node.Stat.MtimeSeconds);
                BinaryPrimitives.WriteUInt32LittleEndian(raw[44..], (uint)inode.Nlink);
            }
            output.Write(raw);
            WriteXattrs(output, inode);
            WriteInline(output, inode);
            output.Pad(ErofsFormat.InodeSlotSize);
        }

        private static void PadToBlock(ImageOutput output)
        {
            long within = output.Position % ErofsFormat.BlockSize;
            if (within != 0) output.WriteZeros((int)(ErofsFormat.BlockSize - within));
        }

        /// <summary>Pads (in 32-byte slots) when the tail would not fit in what is left of the current block.</summary>
        private static void KeepTailInBlock(ImageOutput output, int metadataSize, int tailSize)
        {
            long within = (output.Position + metadataSize) % ErofsFormat.BlockSize;
            if (within == 0) return;
            long remainder = ErofsFormat.BlockSize - within;
            if (remainder < tailSize) output.WriteZeros((int)ErofsFormat.RoundUp(remainder, ErofsFormat.InodeSlotSize));
        }

        // Shared xattr ids count 4-byte words from the start of the block holding the end of the inodes.
        private void WriteXattrs(ImageOutput output, WriterInode inode) =>
            WriteInodeXattrs(output, inode,
                sharedIndex => (uint)((_inodesEnd % ErofsFormat.BlockSize + (_xattrOffsets[sharedIndex] - _inodesEnd))
                    / 4));

        private void WriteInline(ImageOutput output, WriterInode inode)
        {
            if (inode.Directory is { } directory)
            {
                WriteDirentBlock(output, directory.Tail, _inodeOffsets);
                return;
            }
            switch (((FsLeaf)inode.Node).Content)
            {
                case InlineFile file:
                    output.Write(file.Data.AsSpan(file.Data.Length - inode.TailSize));
                    break;
                case ExternalFile or RedirectOnlyFile:
                    for (int i = 0; i < inode.TailSize / 4; i++) output.Write(NullChunk);
                    break;
                case SymlinkTarget link when inode.DataBlocks == 0:
                    output.Write(link.Target);
                    break;
            }
        }

        private static ReadOnlySpan<byte> NullChunk => [0xFF, 0xFF, 0xFF, 0xFF];

        private void WriteBlocks(ImageOutput output, WriterInode inode)
        {
            if (inode.Directory is { } directory)
            {
                foreach (var block in directory.Blocks)
                {
                    WriteDirentBlock(output, block, _inodeOffsets);
                    output.Pad(ErofsFormat.BlockSize);
                }
                return;
            }
            if (inode.DataBlocks == 0) return;
            switch (((FsLeaf)inode.Node).Content)
            {
                case InlineFile file:
                    for (int i = 0; i < inode.DataBlocks; i++)
                    {
                        int start = i * ErofsFormat.BlockSize;
                        if (start < file.Data.Length)
                        {
                            int length = Math.Min(ErofsFormat.BlockSize, file.Data.Length - start);
                            output.Write(file.Data.AsSpan(start, length));
                        }
                        output.Pad(ErofsFormat.BlockSize);
                    }
                    break;
                case SymlinkTarget link:
                    output.Write(link.Target.AsSpan(0, Math.Min(link.Target.Length, ErofsFormat.BlockSize)));
                    output.Pad(ErofsFormat.BlockSize);
                    break;
                case ExternalFile or RedirectOnlyFile:
                    for (int i = 0; i < ErofsFormat.BlockSize / 4; i++) output.Write(NullChunk);
                    break;
            }
        }

        private static (int Layout, uint U, ulong Size) Shape(WriterInode inode, long blockOffset)
        {
            uint blockAddress = (uint)(blockOffset / ErofsFormat.BlockSize);
            if (inode.Directory is { } directory)
            {
                if (directory.Tail.Count == 0) return (ErofsFormat.LayoutFlatPlain, blockAddress, directory.Size);
                if (directory.Blocks.Count > 0) return (ErofsFormat.LayoutFlatInline, blockAddress, directory.Size);
                return (ErofsFormat.LayoutFlatInline, 0, directory.Size);
            }
            return ((FsLeaf)inode.Node).Content switch
            {
                InlineFile { Data.Length: 0 } => (ErofsFormat.LayoutFlatPlain, 0, 0),
                InlineFile file when inode.DataBlocks > 0 => (
                    inode.TailSize > 0 ? ErofsFormat.LayoutFlatInline : ErofsFormat.LayoutFlatPlain,
                    blockAddress,
                    (ulong)file.Data.Length),
                InlineFile file => (ErofsFormat.LayoutFlatInline, 0, (ulong)file.Data.Length),
                ExternalFile file => Chunked(inode, blockAddress, file.Size),
                RedirectOnlyFile file => Chunked(inode, blockAddress, file.Size),
                CharacterDevice device => (ErofsFormat.LayoutFlatPlain, checked((uint)device.Rdev), 0),
                BlockDevice device => (ErofsFormat.LayoutFlatPlain, checked((uint)device.Rdev), 0),
                SymlinkTarget link when inode.DataBlocks > 0 =>
                    (ErofsFormat.LayoutFlatPlain, blockAddress, (ulong)link.Target.Length),
                SymlinkTarget link => (ErofsFormat.LayoutFlatInline, 0, (ulong)link.Target.Length),
                _ => (ErofsFormat.LayoutFlatPlain, 0, 0),
            };
        }

        private static (int Layout, uint U, ulong Size) Chunked(WriterInode inode, uint blockAddress, ulong size)
        {
            uint format = (uint)(V1InodeCollector.ChunkBits(size) - ErofsFormat.BlockBits);
            uint u = inode.DataBlocks > 0 ? (blockAddress & 0xFFFF0000) | format : format;
            return (ErofsFormat.LayoutChunkBased, u, size);
        }
    }
}
