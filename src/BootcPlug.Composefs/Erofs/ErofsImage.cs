using System.Buffers.Binary;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// A bounds-checked view of a composefs EROFS image (composefs-rs or C libcomposefs layout, or a plain EROFS
/// without the composefs header). Every malformed offset or length raises <see cref="ComposefsFormatException"/>
/// naming the image and the offset.
/// </summary>
public sealed class ErofsImage : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly IDisposable? _owner;

    private ErofsImage(ReadOnlyMemory<byte> data, string name, IDisposable? owner = null)
    {
        _data = data;
        Name = name;
        _owner = owner;
    }

    public string Name { get; }
    public long Length => _data.Length;
    public bool HasComposefsHeader { get; private set; }
    public uint ComposefsVersion { get; private set; }
    public ulong RootNid { get; private set; }
    public ulong InodeCount { get; private set; }
    public uint Blocks { get; private set; }
    public long BuildTime { get; private set; }
    public uint XattrBlockAddress { get; private set; }

    public static ErofsImage Open(ReadOnlyMemory<byte> data, string name)
    {
        var image = new ErofsImage(data, name);
        image.ReadHeaders();
        return image;
    }

    /// <summary>Opens an image file (memory-mapped; dispose the image to unmap it).</summary>
    public static ErofsImage OpenFile(string path)
    {
        MappedFile? mapping = null;
        FileStream? file = null;
        try
        {
            // Opening follows symlinks (images/refs/NAME -> images/HEX -> objects/XX/rest); the length is the target's.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            long length = file.Length;
            if (length > ErofsFormat.MaxImageSize)
                throw new ComposefsFormatException(path, null,
                    $"image is {length} bytes, more than the {ErofsFormat.MaxImageSize} bytes allowed");
            if (length < ErofsFormat.SuperblockOffset + ErofsFormat.SuperblockSize)
                throw new ComposefsFormatException(path, 0,
                    $"image is {length} bytes, too short for an EROFS superblock");
            mapping = new MappedFile(file);
            file = null;
            var image = new ErofsImage(mapping.Memory, path, mapping);
            image.ReadHeaders();
            return image;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ((IDisposable?)mapping)?.Dispose();
            file?.Dispose();
            throw new ComposefsFormatException(path, null, "cannot read image: " + e.Message, e);
        }
        catch
        {
            ((IDisposable?)mapping)?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner?.Dispose();

    /// <summary>
    /// For a long walk of a mapped image: the pages read so far leave the process's resident set (they are mapped
    /// again from the page cache when read again), so that a walk holds about what it reads between two calls, not
    /// the whole image. Nothing for an image in memory.
    /// </summary>
    internal void DropResidentPages() => (_owner as MappedFile)?.DropResidentPages();

    public ComposefsFormatException Error(long offset, string problem) => new(Name, offset, problem);

    /// <summary>Returns the bytes [offset, offset + length) or fails naming <paramref name="what"/>.</summary>
    /// <remarks>The description is only formatted on failure: this runs for every inode, xattr and dirent.</remarks>
    public ReadOnlySpan<byte> Slice(long offset, long length, string what, ulong? nid = null) =>
        Memory(offset, length, what, nid).Span;

    public ReadOnlyMemory<byte> Memory(long offset, long length, string what, ulong? nid = null)
    {
        if (offset < 0 || length < 0 || offset > _data.Length || length > _data.Length - offset)
            throw Error(offset,
                $"{what}{(nid is { } n ? $" of inode {n}" : "")} ({length} bytes) lies outside the image "
                + $"({_data.Length} bytes)");
        return _data.Slice((int)offset, (int)length);
    }

    private void ReadHeaders()
    {
        if (_data.Length < ErofsFormat.SuperblockOffset + ErofsFormat.SuperblockSize)
            throw Error(0, $"image is {_data.Length} bytes, too short for an EROFS superblock");
        var header = Slice(0, 32, "composefs header");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic == ErofsFormat.ComposefsMagic)
        {
            uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (version != ErofsFormat.ComposefsHeaderVersion)
                throw Error(4, $"unsupported composefs header version {version}");
            HasComposefsHeader = true;
            ComposefsVersion = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        }
        else if (magic != 0)
        {
            throw Error(0, $"bad composefs magic 0x{magic:x8}");
        }

        var sb = Slice(ErofsFormat.SuperblockOffset, ErofsFormat.SuperblockSize, "superblock");
        long at = ErofsFormat.SuperblockOffset;
        if (BinaryPrimitives.ReadUInt32LittleEndian(sb) != ErofsFormat.ErofsMagic)
            throw Error(at, "bad EROFS superblock magic");
        uint compat = BinaryPrimitives.ReadUInt32LittleEndian(sb[8..]);
        if ((compat & ~0x7u) != 0) throw Error(at + 8, $"unsupported compatible features 0x{compat:x}");
        if (sb[12] != ErofsFormat.BlockBits) throw Error(at + 12, $"block size bits {sb[12]}, only 12 is supported");
        if (sb[13] != 0) throw Error(at + 13, "superblock extension slots are not supported");
        RootNid = BinaryPrimitives.ReadUInt16LittleEndian(sb[14..]);
        InodeCount = BinaryPrimitives.ReadUInt64LittleEndian(sb[16..]);
        BuildTime = (long)BinaryPrimitives.ReadUInt64LittleEndian(sb[24..]);
        Blocks = BinaryPrimitives.ReadUInt32LittleEndian(sb[36..]);
        uint metaBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(sb[40..]);
        if (metaBlockAddress != 0)
            throw Error(at + 40, $"meta_blkaddr {metaBlockAddress} is not supported (composefs uses 0)");
        XattrBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(sb[44..]);
        uint incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb[80..]);
        if ((incompat & ~ErofsFormat.FeatureIncompatChunkedFile) != 0)
            throw Error(at + 80, $"unsupported incompatible features 0x{incompat:x}");
        if (BinaryPrimitives.ReadUInt16LittleEndian(sb[84..]) != 0)
            throw Error(at + 84, "compression is not supported");
        if (BinaryPrimitives.ReadUInt16LittleEndian(sb[86..]) != 0)
            throw Error(at + 86, "extra devices are not supported");
        if (sb[91] != 0) throw Error(at + 91, "long xattr name prefixes are not supported");
        if (BinaryPrimitives.ReadUInt64LittleEndian(sb[96..]) != 0)
            throw Error(at + 96, "packed inodes are not supported");
    }

    public ErofsInode ReadInode(ulong nid)
    {
        if (nid > (ulong)(_data.Length / ErofsFormat.InodeSlotSize))
            throw Error(ErofsFormat.SuperblockOffset + 14, $"inode number {nid} lies outside the image");
        long offset = (long)nid * ErofsFormat.InodeSlotSize;
        if (offset < ErofsFormat.SuperblockOffset + ErofsFormat.SuperblockSize)
            throw Error(offset, $"inode {nid} overlaps the superblock");
        var compact = Slice(offset, ErofsFormat.CompactInodeSize, "header", nid);
        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(compact);
        bool extended = (format & 1) != 0;
        int layout = (format >> 1) & 0x7;
        if (layout is not (ErofsFormat.LayoutFlatPlain or ErofsFormat.LayoutFlatInline or ErofsFormat.LayoutChunkBased))
            throw Error(offset, $"inode {nid} has unsupported data layout {layout}");
        if ((format & ~0xF) != 0) throw Error(offset, $"inode {nid} has unknown format bits 0x{format:x}");
        int xattrIcount = BinaryPrimitives.ReadUInt16LittleEndian(compact[2..]);
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(compact[4..]);
        int headerSize = extended ? ErofsFormat.ExtendedInodeSize : ErofsFormat.CompactInodeSize;
        var raw = Slice(offset, headerSize, "header", nid);
        ulong size;
        uint u, uid, gid, nlink;
        long mtime;
        if (extended)
        {
            size = BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]);
            u = BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]);
            uid = BinaryPrimitives.ReadUInt32LittleEndian(raw[24..]);
            gid = BinaryPrimitives.ReadUInt32LittleEndian(raw[28..]);
            mtime = (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[32..]);
            nlink = BinaryPrimitives.ReadUInt32LittleEndian(raw[44..]);
        }
        else
        {
            nlink = BinaryPrimitives.ReadUInt16LittleEndian(raw[6..]);
            size = BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]);
            u = BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]);
            uid = BinaryPrimitives.ReadUInt16LittleEndian(raw[24..]);
            gid = BinaryPrimitives.ReadUInt16LittleEndian(raw[26..]);
            mtime = BuildTime;
        }

        int xattrSize = xattrIcount == 0 ? 0 : ErofsFormat.XattrHeaderSize + (xattrIcount - 1) * 4;
        long xattrOffset = offset + headerSize;
        long inlineOffset = xattrOffset + xattrSize;
        if (layout != ErofsFormat.LayoutChunkBased && size > (ulong)_data.Length)
            throw Error(offset + 8, $"inode {nid} claims {size} bytes, more than the image holds");
        int inlineSize = layout switch
        {
            ErofsFormat.LayoutFlatInline => (int)(size % ErofsFormat.BlockSize),
            ErofsFormat.LayoutChunkBased => size == 0 ? 0 : 4,
            _ => 0,
        };
        // Chunk indexes are not needed for composefs (data comes from the object); only the first is checked.
        Slice(xattrOffset, xattrSize + (long)inlineSize, "xattrs and inline data", nid);
        return new ErofsInode
        {
            Nid = nid, Offset = offset, Extended = extended, Layout = layout, Mode = mode, Nlink = nlink, Size = size,
            U = u, Uid = uid, Gid = gid, MtimeSeconds = mtime, XattrOffset = xattrOffset, XattrSize = xattrSize,
            InlineOffset = inlineOffset, InlineSize = inlineSize,
        };
    }

    /// <summary>Shared then local xattrs of an inode, in on-disk order.</summary>
    public List<ErofsXattr> ReadXattrs(ErofsInode inode)
    {
        var result = new List<ErofsXattr>();
        ReadXattrs(inode, result);
        return result;
    }

    /// <summary>Same as <see cref="ReadXattrs(ErofsInode)"/>, filling a caller's list (cleared first).</summary>
    public void ReadXattrs(ErofsInode inode, List<ErofsXattr> result)
    {
        result.Clear();
        if (inode.XattrSize == 0) return;
        var body = Slice(inode.XattrOffset, inode.XattrSize, "xattrs", inode.Nid);
        int sharedCount = body[4];
        long position = inode.XattrOffset + ErofsFormat.XattrHeaderSize;
        long end = inode.XattrOffset + inode.XattrSize;
        if (position + 4L * sharedCount > end)
            throw Error(inode.XattrOffset + 4,
                $"inode {inode.Nid} lists {sharedCount} shared xattrs, more than its xattr area holds");
        for (int i = 0; i < sharedCount; i++)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(Slice(position, 4, "shared xattr id"));
            long sharedOffset = (long)XattrBlockAddress * ErofsFormat.BlockSize + (long)id * 4;
            result.Add(ReadXattrEntry(sharedOffset, _data.Length, out _));
            position += 4;
        }
        while (position < end)
        {
            result.Add(ReadXattrEntry(position, end, out long next));
            position = next;
        }
    }

    private ErofsXattr ReadXattrEntry(long offset, long limit, out long next)
    {
        if (offset > limit - 4) throw Error(offset, "xattr entry header lies outside its area");
        var header = Slice(offset, 4, "xattr entry header");
        int nameLength = header[0];
        byte index = header[1];
        int valueSize = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        if ((index & 0x80) != 0) throw Error(offset + 1, "long xattr name prefixes are not supported");
        if (index >= ErofsFormat.XattrPrefixes.Length) throw Error(offset + 1, $"unknown xattr name index {index}");
        long entrySize = ErofsFormat.RoundUp(4 + nameLength + valueSize, 4);
        if (offset + 4 + nameLength + valueSize > limit) throw Error(offset, "xattr entry runs past its area");
        next = offset + entrySize;
        return new ErofsXattr(index, Memory(offset + 4, nameLength, "xattr name"),
            Memory(offset + 4 + nameLength, valueSize, "xattr value"), offset);
    }

    /// <summary>Number of whole data blocks an inode keeps outside the inode table.</summary>
    private long DataBlockCount(ErofsInode inode) => inode.Layout switch
    {
        ErofsFormat.LayoutFlatPlain => (long)((inode.Size + ErofsFormat.BlockSize - 1) / ErofsFormat.BlockSize),
        ErofsFormat.LayoutFlatInline => (long)(inode.Size / ErofsFormat.BlockSize),
        _ => 0,
    };

    /// <summary>
    /// The inode's data as one range per block followed by the inline tail; each range is bounds-checked.
    /// </summary>
    public IEnumerable<(long Offset, int Length)> DataRanges(ErofsInode inode)
    {
        if (inode.Layout == ErofsFormat.LayoutChunkBased) yield break;
        long blocks = DataBlockCount(inode);
        long remaining = (long)inode.Size;
        if (blocks > 0)
        {
            long start = (long)inode.U * ErofsFormat.BlockSize;
            if (start + blocks * ErofsFormat.BlockSize > _data.Length || start < 0)
                throw Error(inode.Offset + 16,
                    $"data blocks of inode {inode.Nid} ({blocks} from block {inode.U}) lie outside the image");
            for (long b = 0; b < blocks; b++)
            {
                int length = (int)Math.Min(ErofsFormat.BlockSize, remaining);
                yield return (start + b * ErofsFormat.BlockSize, length);
                remaining -= length;
            }
        }
        if (inode.Layout == ErofsFormat.LayoutFlatInline && inode.InlineSize > 0)
            yield return (inode.InlineOffset, inode.InlineSize);
    }

    /// <summary>
    /// The whole content of a non-chunked inode (inline file or symlink), at most <paramref name="maxSize"/> bytes.
    /// </summary>
    public byte[] ReadData(ErofsInode inode, long maxSize)
    {
        if (inode.Layout == ErofsFormat.LayoutChunkBased)
            throw Error(inode.Offset, $"inode {inode.Nid} keeps its data outside the image");
        if (inode.Size > (ulong)maxSize)
            throw Error(inode.Offset + 8,
                $"inode {inode.Nid} is {inode.Size} bytes, more than the {maxSize} allowed here");
        var data = new byte[inode.Size];
        int filled = 0;
        foreach (var (offset, length) in DataRanges(inode))
        {
            Slice(offset, length, "data", inode.Nid).CopyTo(data.AsSpan(filled));
            filled += length;
        }
        return data;
    }

    /// <summary>The entries of a directory inode, chunk by chunk, checking the dirent table of each chunk.</summary>
    public List<ErofsDirent> ReadDirectory(ErofsInode inode)
    {
        var entries = new List<ErofsDirent>();
        ReadDirectory(inode, entries);
        return entries;
    }

    /// <summary>Same as <see cref="ReadDirectory(ErofsInode)"/>, filling a caller's list (cleared first).</summary>
    public void ReadDirectory(ErofsInode inode, List<ErofsDirent> entries)
    {
        if (!inode.IsDirectory) throw Error(inode.Offset, $"inode {inode.Nid} is not a directory");
        if (inode.Layout == ErofsFormat.LayoutChunkBased)
            throw Error(inode.Offset, $"directory inode {inode.Nid} is chunk-based");
        entries.Clear();
        foreach (var (offset, length) in DataRanges(inode))
            ReadDirentChunk(inode, offset, length, entries);
    }

    private void ReadDirentChunk(ErofsInode inode, long offset, int length, List<ErofsDirent> entries)
    {
        if (length == 0) return;
        if (length < ErofsFormat.DirentSize)
            throw Error(offset, $"directory block of inode {inode.Nid} is too short for a dirent");
        var chunk = Slice(offset, length, "directory block", inode.Nid);
        int firstNameOffset = BinaryPrimitives.ReadUInt16LittleEndian(chunk[8..]);
        if (firstNameOffset == 0 || firstNameOffset % ErofsFormat.DirentSize != 0 || firstNameOffset > length)
            throw Error(offset + 8,
                $"bad first name offset {firstNameOffset} in a directory block of inode {inode.Nid}");
        int count = firstNameOffset / ErofsFormat.DirentSize;
        int previousEnd = firstNameOffset;
        for (int i = 0; i < count; i++)
        {
            var dirent = chunk.Slice(i * ErofsFormat.DirentSize, ErofsFormat.DirentSize);
            ulong nid = BinaryPrimitives.ReadUInt64LittleEndian(dirent);
            int nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(dirent[8..]);
            byte fileType = dirent[10];
            int nameEnd;
            if (i + 1 < count)
            {
                nameEnd = BinaryPrimitives.ReadUInt16LittleEndian(chunk[((i + 1) * ErofsFormat.DirentSize + 8)..]);
            }
            else
            {
                int nul = nameOffset <= length ? chunk[Math.Min(nameOffset, length)..].IndexOf((byte)0) : -1;
                nameEnd = nul < 0 ? length : nameOffset + nul;
            }
            long at = offset + i * ErofsFormat.DirentSize;
            if (nameOffset != previousEnd || nameEnd < nameOffset || nameEnd > length)
                throw Error(at + 8,
                    $"bad name offsets {nameOffset}..{nameEnd} in a directory block of inode {inode.Nid}");
            if (nameEnd == nameOffset || nameEnd - nameOffset > 255)
                throw Error(at + 8, $"directory entry name of {nameEnd - nameOffset} bytes in inode {inode.Nid}");
            previousEnd = nameEnd;
            entries.Add(new ErofsDirent(
                Memory(offset + nameOffset, nameEnd - nameOffset, "directory entry name"), nid, fileType, at));
        }
    }
}
