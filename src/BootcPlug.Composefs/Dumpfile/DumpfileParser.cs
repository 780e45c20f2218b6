using System.Globalization;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Dumpfile;

/// <summary>
/// Parses a composefs dumpfile into a tree. Errors name the input and the line. Sockets are accepted (our writer
/// emits them, so a dump round-trips), unlike upstream's parser.
/// </summary>
public static class DumpfileParser
{
    public const int MaxInlineContent = 512;
    public const int MaxPathLength = 4096;

    public static FsDirectory Parse(string text, string name = "dumpfile")
    {
        FsDirectory? root = null;
        var directories = new Dictionary<string, FsDirectory>(StringComparer.Ordinal);
        var leaves = new Dictionary<string, FsLeaf>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            if (rawLine.Trim().Length == 0) continue;
            try
            {
                ParseLine(rawLine, ref root, directories, leaves);
            }
            catch (FormatException e)
            {
                throw ComposefsFormatException.AtLine(name, lineNumber, e.Message);
            }
        }
        return root
            ?? throw ComposefsFormatException.AtLine(name, lineNumber, "no entries (the first line must be '/')");
    }

    private static void ParseLine(string line, ref FsDirectory? root, Dictionary<string, FsDirectory> directories,
        Dictionary<string, FsLeaf> leaves)
    {
        string[] fields = line.Split(' ');
        if (fields.Length < 11) throw new FormatException($"expected at least 11 fields, found {fields.Length}");
        byte[] path = Unescape(fields[0], "path", sentinel: true);
        string pathKey = CheckPath(path);
        bool hardlink = fields[2].StartsWith('@');
        ulong size = ParseNumber(fields[1], "size");
        uint mode = hardlink ? 0 : ParseMode(fields[2]);
        byte[] payload = Unescape(fields[8], "payload", sentinel: true);

        if (root is null && pathKey != "/") throw new FormatException("the first entry must be '/'");
        if (root is not null && pathKey == "/") throw new FormatException("'/' appears twice");

        if (hardlink)
        {
            string targetKey = CheckPath(payload);
            if (!leaves.TryGetValue(targetKey, out var target))
                throw new FormatException($"hardlink target '{targetKey}' is not an earlier non-directory entry");
            AddToParent(directories, pathKey, target);
            leaves[pathKey] = target;
            return;
        }

        ParseNumber(fields[3], "nlink"); // recomputed from the tree when written
        uint uid = (uint)ParseNumber(fields[4], "uid", uint.MaxValue);
        uint gid = (uint)ParseNumber(fields[5], "gid", uint.MaxValue);
        ulong rdev = ParseNumber(fields[6], "rdev");
        long mtime = ParseMtime(fields[7]);
        byte[] content = Unescape(fields[9], "content", sentinel: true);
        string digest = fields[10];
        var xattrs = ParseXattrs(fields.AsSpan(11));
        var stat = FileStat.Create(mode & 0xFFF, uid, gid, mtime, xattrs);
        uint type = mode & ErofsFormat.TypeMask;

        if (type != ErofsFormat.TypeRegular && (content.Length > 0 || digest != "-"))
            throw new FormatException("only regular files may have content or a digest");
        if (type is not (ErofsFormat.TypeCharacterDevice or ErofsFormat.TypeBlockDevice) && rdev != 0)
            throw new FormatException("only devices may have an rdev");

        if (type == ErofsFormat.TypeDirectory)
        {
            var directory = new FsDirectory(stat);
            if (root is null) root = directory;
            else AddToParent(directories, pathKey, directory);
            directories[pathKey] = directory;
            return;
        }
        if (root is null) throw new FormatException("'/' must be a directory");

        LeafContent leafContent = type switch
        {
            ErofsFormat.TypeRegular => RegularContent(size, payload, content, digest),
            ErofsFormat.TypeSymlink => SymlinkContent(size, payload),
            ErofsFormat.TypeCharacterDevice => new CharacterDevice(rdev),
            ErofsFormat.TypeBlockDevice => new BlockDevice(rdev),
            ErofsFormat.TypeFifo => new Fifo(),
            ErofsFormat.TypeSocket => new Socket(),
            _ => throw new FormatException($"unknown file type in mode {fields[2]}"),
        };
        var leaf = new FsLeaf(stat, leafContent);
        AddToParent(directories, pathKey, leaf);
        leaves[pathKey] = leaf;
    }

    private static LeafContent RegularContent(ulong size, byte[] payload, byte[] content, string digest)
    {
        if (payload.Length > 0)
        {
            if (content.Length > 0) throw new FormatException("an external file cannot have inline content");
            if (digest == "-") return new RedirectOnlyFile(System.Text.Encoding.UTF8.GetString(payload), size);
            if (!TryParseDigest(digest, out var id)) throw new FormatException($"bad digest '{digest}'");
            return new ExternalFile(id, size);
        }
        if (digest != "-") throw new FormatException("an inline file cannot have a digest");
        if (content.Length > MaxInlineContent)
            throw new FormatException($"inline content of {content.Length} bytes exceeds {MaxInlineContent}");
        if ((ulong)content.Length != size)
            throw new FormatException($"size {size} differs from the {content.Length} bytes of content");
        return new InlineFile(content);
    }

    private static LeafContent SymlinkContent(ulong size, byte[] target)
    {
        if (target.Length == 0 || target.Length > 1024)
            throw new FormatException("a symlink target must have 1..1024 bytes");
        if ((ulong)target.Length != size)
            throw new FormatException($"size {size} differs from the symlink target length {target.Length}");
        return new SymlinkTarget(target);
    }

    private static bool TryParseDigest(string hex, out ObjectId id) =>
        ObjectId.TryParseHex(FsVerityAlgorithm.Sha512, hex, out id)
            || ObjectId.TryParseHex(FsVerityAlgorithm.Sha256, hex, out id);

    private static List<Xattr> ParseXattrs(ReadOnlySpan<string> fields)
    {
        var xattrs = new List<Xattr>();
        int totalKeyLength = 0;
        foreach (var field in fields)
        {
            if (field.Length == 0) continue;
            int equals = field.IndexOf('=');
            if (equals <= 0) throw new FormatException($"xattr '{field}' has no '='");
            byte[] key = Unescape(field[..equals], "xattr name", sentinel: false);
            byte[] value = Unescape(field[(equals + 1)..], "xattr value", sentinel: false);
            if (key.Length > 255) throw new FormatException($"xattr name of {key.Length} bytes exceeds 255");
            totalKeyLength += key.Length;
            if (totalKeyLength > 65535) throw new FormatException("xattr names exceed 65535 bytes in total");
            if (xattrs.Any(x => x.Name.AsSpan().SequenceEqual(key)))
                throw new FormatException($"duplicate xattr '{field[..equals]}'");
            xattrs.Add(new Xattr(key, value));
        }
        return xattrs;
    }

    private static void AddToParent(Dictionary<string, FsDirectory> directories, string pathKey, FsNode node)
    {
        int slash = pathKey.LastIndexOf('/');
        string parentKey = slash == 0 ? "/" : pathKey[..slash];
        if (!directories.TryGetValue(parentKey, out var parent))
            throw new FormatException($"parent directory '{parentKey}' does not appear before '{pathKey}'");
        byte[] name = System.Text.Encoding.Latin1.GetBytes(pathKey[(slash + 1)..]);
        try
        {
            parent.Add(name, node);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message);
        }
    }

    /// <summary>
    /// Checks that a path is absolute and canonical; returns it as a key (bytes mapped 1:1 to chars).
    /// </summary>
    private static string CheckPath(byte[] path)
    {
        if (path.Length == 0 || path[0] != '/') throw new FormatException("paths must be absolute");
        if (path.Length > MaxPathLength) throw new FormatException("path is longer than 4096 bytes");
        if (path.Contains((byte)0)) throw new FormatException("paths cannot contain NUL");
        string key = System.Text.Encoding.Latin1.GetString(path);
        if (key == "/") return key;
        if (key.EndsWith('/')) throw new FormatException($"path '{key}' ends with '/'");
        foreach (var component in key[1..].Split('/'))
        {
            if (component.Length == 0 || component == "." || component == "..")
                throw new FormatException($"path '{key}' is not canonical");
        }
        return key;
    }

    private static byte[] Unescape(string field, string what, bool sentinel)
    {
        if (sentinel && field == "-") return [];
        if (!DumpfileEscaping.TryUnescape(field, out var value))
            throw new FormatException($"bad escape in {what} '{field}'");
        return value;
    }

    private static ulong ParseNumber(string field, string what, ulong max = ulong.MaxValue)
    {
        if (!ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) || value > max)
            throw new FormatException($"bad {what} '{field}'");
        return value;
    }

    private static uint ParseMode(string field)
    {
        try
        {
            uint mode = Convert.ToUInt32(field, 8);
            if (field.Length == 0 || field.Length > 7 || mode > 0xFFFF) throw new FormatException();
            return mode;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"bad mode '{field}'");
        }
    }

    private static long ParseMtime(string field)
    {
        int dot = field.IndexOf('.');
        if (dot <= 0
            || !long.TryParse(field.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || !uint.TryParse(field.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"bad mtime '{field}' (expected SEC.NSEC)");
        return seconds;
    }
}
