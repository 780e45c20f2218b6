using System.Text;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci.Tar;

/// <summary>
/// Reads tar headers block by block: ustar and GNU headers, PAX extended headers (path, linkpath, size, uid, gid,
/// mtime with its fraction, SCHILY.xattr.* and LIBARCHIVE.xattr.*), GNU long names and long link names. Global
/// PAX headers are skipped; sparse and other special members are refused. Every header byte read is handed to
/// <c>raw</c> (the splitter stores them inline); member data is left to the caller.
/// </summary>
internal sealed class TarHeaderReader(TarHeaderReader.ReadBlock read, Action<ReadOnlySpan<byte>> raw, string where)
{
    /// <summary>Fills the span completely and returns true, or returns false at a clean end of input.</summary>
    public delegate bool ReadBlock(Span<byte> buffer);

    public const int BlockSize = 512;
    private const long MaxExtensionSize = 16 << 20;

    /// <summary>The next member, or null at the end-of-archive block (or a clean end of input).</summary>
    public TarEntry? Next()
    {
        var block = new byte[BlockSize];
        Dictionary<string, byte[]>? pax = null;
        byte[]? longName = null, longLink = null;
        while (true)
        {
            if (!read(block))
            {
                if (pax is not null || longName is not null || longLink is not null)
                    throw Error("archive ends after an extension header");
                return null;
            }
            raw(block);
            if (block.AsSpan().IndexOfAnyExcept((byte)0) < 0) return null;
            VerifyChecksum(block);
            byte type = block[156];
            switch (type)
            {
                case (byte)'x':
                    pax ??= [];
                    ParsePax(ReadExtension(block), pax);
                    continue;
                case (byte)'g':
                    ReadExtension(block);
                    continue;
                case (byte)'L':
                    longName = CString(ReadExtension(block));
                    continue;
                case (byte)'K':
                    longLink = CString(ReadExtension(block));
                    continue;
            }
            return Build(block, type, pax, longName, longLink);
        }
    }

    private TarEntry Build(byte[] block, byte type, Dictionary<string, byte[]>? pax, byte[]? longName,
        byte[]? longLink)
    {
        byte[] path = longName ?? UstarPath(block);
        byte[] link = longLink ?? CString(block.AsSpan(157, 100));
        long size = Number(block, 124, 12, "size");
        uint uid = (uint)Number(block, 108, 8, "uid");
        uint gid = (uint)Number(block, 116, 8, "gid");
        long mtime = Number(block, 136, 12, "mtime");
        uint nanoseconds = 0;
        var xattrs = new List<Xattr>();
        if (pax is not null)
        {
            if (pax.TryGetValue("path", out var p)) path = p;
            if (pax.TryGetValue("linkpath", out var l)) link = l;
            if (pax.TryGetValue("size", out var s)) size = PaxNumber(s, "size");
            if (pax.TryGetValue("uid", out var u)) uid = (uint)PaxNumber(u, "uid");
            if (pax.TryGetValue("gid", out var g)) gid = (uint)PaxNumber(g, "gid");
            if (pax.TryGetValue("mtime", out var m)) (mtime, nanoseconds) = PaxTime(m);
            foreach (var (key, value) in pax)
            {
                if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                    xattrs.Add(new Xattr(Encoding.UTF8.GetBytes(key["SCHILY.xattr.".Length..]), value));
                else if (key.StartsWith("LIBARCHIVE.xattr.", StringComparison.Ordinal))
                    xattrs.Add(new Xattr(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(
                        key["LIBARCHIVE.xattr.".Length..])), Base64(value, key)));
            }
        }
        var entryType = type switch
        {
            (byte)'0' or (byte)'7' => TarEntryType.Regular,
            0 => path.Length > 0 && path[^1] == '/' ? TarEntryType.Directory : TarEntryType.Regular,
            (byte)'1' => TarEntryType.HardLink,
            (byte)'2' => TarEntryType.Symlink,
            (byte)'3' => TarEntryType.CharacterDevice,
            (byte)'4' => TarEntryType.BlockDevice,
            (byte)'5' => TarEntryType.Directory,
            (byte)'6' => TarEntryType.Fifo,
            (byte)'S' => throw Error($"'{Encoding.UTF8.GetString(path)}' is a sparse file, which is not supported"),
            _ => throw Error($"'{Encoding.UTF8.GetString(path)}' has unsupported tar entry type '{(char)type}'"),
        };
        if (size < 0) throw Error($"'{Encoding.UTF8.GetString(path)}' has a negative size");
        var unique = new Dictionary<string, Xattr>(StringComparer.Ordinal);
        foreach (var xattr in xattrs) unique[Encoding.UTF8.GetString(xattr.Name)] = xattr;
        return new TarEntry
        {
            Path = path,
            LinkTarget = link,
            Type = entryType,
            Mode = (uint)Number(block, 100, 8, "mode") & 0xFFF,
            Uid = uid,
            Gid = gid,
            MtimeSeconds = mtime,
            MtimeNanoseconds = nanoseconds,
            Size = size,
            DeviceMajor = (uint)Number(block, 329, 8, "devmajor"),
            DeviceMinor = (uint)Number(block, 337, 8, "devminor"),
            Xattrs = FileStat.SortXattrs(unique.Values),
        };
    }

    private static byte[] UstarPath(byte[] block)
    {
        var name = CString(block.AsSpan(0, 100));
        bool ustar = block.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        if (!ustar) return name;
        var prefix = CString(block.AsSpan(345, 155));
        return prefix.Length == 0 ? name : [.. prefix, (byte)'/', .. name];
    }

    private byte[] ReadExtension(byte[] header)
    {
        long size = Number(header, 124, 12, "size");
        if (size < 0 || size > MaxExtensionSize) throw Error($"extension header of {size} bytes");
        var data = new byte[(size + BlockSize - 1) / BlockSize * BlockSize];
        if (data.Length > 0)
        {
            if (!read(data)) throw Error("archive ends inside an extension header");
            raw(data);
        }
        return data.AsSpan(0, (int)size).ToArray();
    }

    /// <summary>PAX records "LEN key=value\n"; values are raw bytes (xattr values may be binary).</summary>
    private void ParsePax(byte[] data, Dictionary<string, byte[]> records)
    {
        int at = 0;
        while (at < data.Length)
        {
            if (data[at] == 0) break;
            int space = Array.IndexOf(data, (byte)' ', at);
            if (space < 0 || !int.TryParse(data.AsSpan(at, space - at), out int length) || length <= 0
                || at + length > data.Length || data[at + length - 1] != '\n')
                throw Error("malformed PAX record");
            var record = data.AsSpan(space + 1, at + length - space - 2);
            int equals = record.IndexOf((byte)'=');
            if (equals <= 0) throw Error("PAX record without key=value");
            records[Encoding.UTF8.GetString(record[..equals])] = record[(equals + 1)..].ToArray();
            at += length;
        }
    }

    private static byte[] CString(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return (nul < 0 ? field : field[..nul]).ToArray();
    }

    /// <summary>An octal field, or a GNU base-256 one (first byte has its top bit set).</summary>
    private long Number(byte[] block, int offset, int length, string field)
    {
        var span = block.AsSpan(offset, length);
        if ((span[0] & 0x80) != 0)
        {
            if ((span[0] & 0x40) != 0) throw Error($"negative base-256 {field}");
            long value = span[0] & 0x3F;
            foreach (byte b in span[1..])
            {
                if (value > (long.MaxValue >> 8)) throw Error($"{field} too large");
                value = (value << 8) | b;
            }
            return value;
        }
        long result = 0;
        foreach (byte b in span)
        {
            if (b is 0 or (byte)' ')
            {
                if (result != 0 || b == 0) break;
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7') throw Error($"{field} field is not octal");
            if (result > (long.MaxValue >> 3)) throw Error($"{field} too large");
            result = (result << 3) | (long)(b - '0');
        }
        return result;
    }

    private long PaxNumber(byte[] value, string key) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
            out long number)
            ? number
            : throw Error($"PAX {key} '{Encoding.UTF8.GetString(value)}' is not a number");

    /// <summary>A PAX time "SECONDS[.FRACTION]": the fraction is cut or padded to 9 digits.</summary>
    private (long Seconds, uint Nanoseconds) PaxTime(byte[] value)
    {
        var text = Encoding.ASCII.GetString(value);
        int dot = text.IndexOf('.');
        string whole = dot < 0 ? text : text[..dot];
        if (!long.TryParse(whole, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out long seconds))
            throw Error($"PAX mtime '{text}' is not a time");
        if (dot < 0) return (seconds, 0);
        string fraction = text[(dot + 1)..];
        fraction = fraction.Length >= 9 ? fraction[..9] : fraction.PadRight(9, '0');
        return (seconds, uint.TryParse(fraction, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out uint ns) ? ns : 0);
    }

    private byte[] Base64(byte[] value, string key)
    {
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(value));
        }
        catch (FormatException)
        {
            throw Error($"PAX {key} is not base64");
        }
    }

    private void VerifyChecksum(byte[] block)
    {
        long stored = Number(block, 148, 8, "checksum");
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        if (stored != unsigned && stored != signed) throw Error("tar header checksum mismatch");
    }

    private ComposefsFormatException Error(string problem) => new(where, null, problem);
}
