using System.Buffers.Binary;
using System.Text;

namespace BootcPlug.Bootloaders.Formats.Pe;

/// <summary>One section header of a PE image.</summary>
/// <param name="Name">The section name, e.g. <c>.osrel</c>.</param>
/// <param name="VirtualSize">The real size of the data.</param>
/// <param name="RawSize">The size on disk (padded to the file alignment).</param>
/// <param name="RawOffset">The file offset of the data.</param>
public sealed record PeSection(string Name, uint VirtualSize, uint RawSize, uint RawOffset)
{
    /// <summary>The bytes that belong to the section: the virtual size, capped by what the file holds for it.</summary>
    public uint DataSize => VirtualSize == 0 ? RawSize : Math.Min(VirtualSize, RawSize);
}

/// <summary>
/// A minimal, bounds-checked reader of PE/COFF section headers and data, enough to read a UKI's <c>.osrel</c>,
/// <c>.cmdline</c>, <c>.linux</c> and <c>.initrd</c>. Every offset and size read from the file is checked against the
/// file length before it is used; a violation is a <see cref="BootFormatException"/> naming the file and the field.
/// </summary>
public sealed class PeImage
{
    private const int MaxSections = 96;
    private readonly string _path;
    private readonly long _length;

    private PeImage(string path, long length, IReadOnlyList<PeSection> sections)
    {
        _path = path;
        _length = length;
        Sections = sections;
    }

    /// <summary>The section headers in file order.</summary>
    public IReadOnlyList<PeSection> Sections { get; }

    /// <summary>Reads the headers of the PE file at <paramref name="path"/>.</summary>
    /// <exception cref="BootFormatException">Not a PE file, or a header or section that points past the
    /// end.</exception>
    public static PeImage Open(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = stream.Length;
        var dos = ReadAt(stream, path, 0, 64, "DOS header");
        if (dos[0] != 'M' || dos[1] != 'Z')
            throw new BootFormatException(path, null, "not a PE file: no 'MZ' signature");
        uint peOffset = BinaryPrimitives.ReadUInt32LittleEndian(dos.AsSpan(0x3c));
        var coff = ReadAt(stream, path, peOffset, 24, "PE signature and COFF header");
        if (coff[0] != 'P' || coff[1] != 'E' || coff[2] != 0 || coff[3] != 0)
            throw new BootFormatException(path, null, $"not a PE file: no 'PE' signature at offset 0x{peOffset:x}");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(coff.AsSpan(6));
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(coff.AsSpan(20));
        if (count > MaxSections) throw new BootFormatException(path, null, $"implausible section count {count}");
        long tableOffset = peOffset + 24L + optionalSize;
        var table = ReadAt(stream, path, tableOffset, 40 * count, "section table");
        var sections = new List<PeSection>(count);
        for (int i = 0; i < count; i++)
        {
            var header = table.AsSpan(40 * i, 40);
            var name = Encoding.ASCII.GetString(header[..8]).TrimEnd('\0');
            var section = new PeSection(
                name,
                BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[20..]));
            if (section.RawSize > 0 && (long)section.RawOffset + section.DataSize > length)
                throw new BootFormatException(path, null,
                    $"truncated PE: section '{name}' needs bytes up to offset "
                        + $"{(long)section.RawOffset + section.DataSize}, the file has {length}");
            sections.Add(section);
        }
        return new PeImage(path, length, sections);
    }

    /// <summary>Finds a section by exact name.</summary>
    public PeSection? Find(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Reads a section's data, or null when there is no such section.</summary>
    public byte[]? ReadSection(string name)
    {
        var section = Find(name);
        if (section is null) return null;
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length != _length) throw new BootFormatException(_path, null, "the file changed while it was read");
        return ReadAt(stream, _path, section.RawOffset, checked((int)section.DataSize), $"section '{name}'");
    }

    /// <summary>Reads a section as UTF-8 text without trailing NULs, or null when absent.</summary>
    public string? ReadSectionText(string name)
    {
        var data = ReadSection(name);
        return data is null ? null : Encoding.UTF8.GetString(data).TrimEnd('\0');
    }

    private static byte[] ReadAt(FileStream stream, string path, long offset, int count, string what)
    {
        if (offset < 0 || offset + count > stream.Length)
            throw new BootFormatException(path, null,
                $"truncated PE: {what} at offset {offset} needs {count} bytes, the file has {stream.Length}");
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
