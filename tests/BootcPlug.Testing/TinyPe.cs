using System.Buffers.Binary;
using System.Text;

namespace BootcPlug.Testing;

/// <summary>
/// Writes a minimal PE32+ image (EFI application, no code) holding only the given sections: enough for bootctl,
/// objcopy and pefile to read, and for our reader. File alignment 0x200, section alignment 0x1000.
/// </summary>
public static class TinyPe
{
    private const int FileAlign = 0x200, SectionAlign = 0x1000, OptionalSize = 112 + 16 * 8;

    public static byte[] Build(params (string Name, byte[] Data)[] sections)
    {
        int headerEnd = 0x40 + 4 + 20 + OptionalSize + 40 * sections.Length;
        int headersSize = Align(headerEnd, FileAlign);
        var image = new List<byte>();
        var table = new byte[40 * sections.Length];
        int raw = headersSize, virtualAddress = SectionAlign;
        var bodies = new List<byte>();
        for (int i = 0; i < sections.Length; i++)
        {
            var (name, data) = sections[i];
            int rawSize = Align(data.Length, FileAlign);
            var header = table.AsSpan(40 * i, 40);
            Encoding.ASCII.GetBytes(name).AsSpan(0, Math.Min(8, name.Length)).CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)virtualAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)rawSize);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)raw);
            BinaryPrimitives.WriteUInt32LittleEndian(header[36..], 0x40000040); // initialized data, readable
            bodies.AddRange(data);
            bodies.AddRange(new byte[rawSize - data.Length]);
            raw += rawSize;
            virtualAddress += Math.Max(Align(data.Length, SectionAlign), SectionAlign);
        }

        var dos = new byte[0x40];
        dos[0] = (byte)'M'; dos[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(dos.AsSpan(0x3c), 0x40);
        var coff = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(coff, 0x8664);
        BinaryPrimitives.WriteUInt16LittleEndian(coff.AsSpan(2), (ushort)sections.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(coff.AsSpan(16), OptionalSize);
        BinaryPrimitives.WriteUInt16LittleEndian(coff.AsSpan(18), 0x0206);
        var optional = new byte[OptionalSize];
        BinaryPrimitives.WriteUInt16LittleEndian(optional, 0x20b);
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(16), SectionAlign); // entry point
        BinaryPrimitives.WriteUInt64LittleEndian(optional.AsSpan(24), 0);            // image base
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(32), SectionAlign);
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(36), FileAlign);
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(56), (uint)virtualAddress); // size of image
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(60), (uint)headersSize);
        BinaryPrimitives.WriteUInt16LittleEndian(optional.AsSpan(68), 10);                   // EFI application
        BinaryPrimitives.WriteUInt32LittleEndian(optional.AsSpan(108), 16);                  // data directories

        image.AddRange(dos);
        image.AddRange("PE\0\0"u8.ToArray());
        image.AddRange(coff);
        image.AddRange(optional);
        image.AddRange(table);
        image.AddRange(new byte[headersSize - image.Count]);
        image.AddRange(bodies);
        return image.ToArray();
    }

    /// <summary>A UKI-shaped image: .osrel, .cmdline, and small .linux/.initrd payloads.</summary>
    public static byte[] Uki(string osRelease, string cmdline) => Build(
        (".osrel", Encoding.UTF8.GetBytes(osRelease)),
        (".cmdline", Encoding.UTF8.GetBytes(cmdline)),
        (".linux", Encoding.ASCII.GetBytes("not really a kernel")),
        (".initrd", Encoding.ASCII.GetBytes("not really an initrd")));

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
