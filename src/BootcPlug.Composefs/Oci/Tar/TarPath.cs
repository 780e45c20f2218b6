namespace BootcPlug.Composefs.Oci.Tar;

/// <summary>
/// The components of a member path inside an image root: empty and "." components dropped, trailing slashes
/// ignored. An absolute path or a ".." component is refused: a layer only names paths below its root. "/" alone
/// (umoci's name for the root directory) is the root.
/// </summary>
internal static class TarPath
{
    public static byte[][] Components(byte[] path, string where)
    {
        string display = System.Text.Encoding.UTF8.GetString(path);
        if (path.Length > 0 && path[0] == '/' && path.AsSpan().IndexOfAnyExcept((byte)'/') >= 0)
            throw new ComposefsFormatException(where, null, $"'{display}' is an absolute path");
        var parts = new List<byte[]>();
        foreach (var range in path.AsSpan().Split((byte)'/'))
        {
            var part = path.AsSpan(range);
            if (part.Length == 0 || part.SequenceEqual("."u8)) continue;
            if (part.SequenceEqual(".."u8))
                throw new ComposefsFormatException(where, null, $"'{display}' leaves the image root ('..')");
            if (part.Length > 255)
                throw new ComposefsFormatException(where, null, $"'{display}' has a component over 255 bytes");
            if (part.Contains((byte)0))
                throw new ComposefsFormatException(where, null, $"'{display}' contains a NUL byte");
            parts.Add(part.ToArray());
        }
        return [.. parts];
    }
}
