using System.Text;

namespace BootcPlug.Demo;

/// <summary>
/// Writes a minimal unified kernel image: a PE32+ EFI application (x86-64) that carries the UKI sections
/// (.osrel, .cmdline, .linux, .initrd) and no code. Enough for every UKI reader (bootctl, objdump, pefile, ours);
/// the demo's kernels are not meant to run.
/// </summary>
public static class UkiBuilder
{
    private const int FileAlignment = 0x200;
    private const int SectionAlignment = 0x1000;
    private const int OptionalHeaderSize = 112 + 16 * 8;

    public static byte[] Build(IReadOnlyList<(string Name, byte[] Data)> sections)
    {
        int headersEnd = 0x40 + 4 + 20 + OptionalHeaderSize + 40 * sections.Count;
        int sizeOfHeaders = Align(headersEnd, FileAlignment);

        var table = new List<(string Name, byte[] Data, int VirtualAddress, int RawOffset, int RawSize)>();
        int raw = sizeOfHeaders, va = SectionAlignment;
        foreach (var (name, data) in sections)
        {
            int rawSize = Align(data.Length, FileAlignment);
            table.Add((name, data, va, raw, rawSize));
            raw += rawSize;
            va += Math.Max(Align(data.Length, SectionAlignment), SectionAlignment);
        }

        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("MZ"u8);
        w.Write(new byte[0x3a]);
        w.Write(0x40);                       // e_lfanew
        w.Write("PE\0\0"u8);
        w.Write((ushort)0x8664);             // x86-64
        w.Write((ushort)sections.Count);
        w.Write(0); w.Write(0); w.Write(0);  // time stamp, symbol table, symbol count
        w.Write((ushort)OptionalHeaderSize);
        w.Write((ushort)0x0206);             // executable, debug stripped, line numbers stripped
        w.Write((ushort)0x20b);              // PE32+
        w.Write((byte)0); w.Write((byte)0);  // linker version
        w.Write(0); w.Write(0); w.Write(0);  // code, initialized, uninitialized sizes
        w.Write(0);                          // entry point
        w.Write(SectionAlignment);           // base of code
        w.Write(0L);                         // image base
        w.Write(SectionAlignment);
        w.Write(FileAlignment);
        for (int i = 0; i < 6; i++) w.Write((ushort)0);
        w.Write(0);                          // Win32 version
        w.Write(va);                         // size of image
        w.Write(sizeOfHeaders);
        w.Write(0);                          // checksum
        w.Write((ushort)10);                 // EFI application
        w.Write((ushort)0);
        for (int i = 0; i < 4; i++) w.Write(0L);
        w.Write(0);                          // loader flags
        w.Write(16);                         // data directories
        w.Write(new byte[16 * 8]);
        foreach (var section in table)
        {
            var name = new byte[8];
            Encoding.ASCII.GetBytes(section.Name).AsSpan(0, Math.Min(8, section.Name.Length)).CopyTo(name);
            w.Write(name);
            w.Write(section.Data.Length);
            w.Write(section.VirtualAddress);
            w.Write(section.RawSize);
            w.Write(section.RawOffset);
            w.Write(0); w.Write(0);
            w.Write((ushort)0); w.Write((ushort)0);
            w.Write(0x40000040);             // initialized data, readable
        }
        w.Write(new byte[sizeOfHeaders - (int)stream.Position]);
        foreach (var section in table)
        {
            w.Write(section.Data);
            w.Write(new byte[section.RawSize - section.Data.Length]);
        }
        w.Flush();
        return stream.ToArray();
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
