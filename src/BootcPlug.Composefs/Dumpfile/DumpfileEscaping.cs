using System.Text;

namespace BootcPlug.Composefs.Dumpfile;

/// <summary>
/// The dumpfile's escaping: backslash, \n, \r, \t, and \xHH for bytes outside 0x21..0x7E; '=' also in xattr
/// fields; "-" stands for an empty optional field and a literal "-" is written \x2d.
/// </summary>
public static class DumpfileEscaping
{
    public static string EscapeField(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return "-";
        if (value.SequenceEqual("-"u8)) return "\\x2d";
        return Escape(value, escapeEquals: false);
    }

    public static string EscapeXattrPart(ReadOnlySpan<byte> value) => Escape(value, escapeEquals: true);

    private static string Escape(ReadOnlySpan<byte> value, bool escapeEquals)
    {
        var text = new StringBuilder(value.Length);
        foreach (byte b in value)
        {
            switch (b)
            {
                case (byte)'\\': text.Append("\\\\"); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'=' when escapeEquals: text.Append("\\x3d"); break;
                default:
                    if (b < 0x21 || b > 0x7E) text.Append("\\x").Append(b.ToString("x2"));
                    else text.Append((char)b);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Reverses the escaping; returns false on a bad escape sequence.</summary>
    public static bool TryUnescape(ReadOnlySpan<char> text, out byte[] value)
    {
        var bytes = new List<byte>(text.Length);
        value = [];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 0x7E || c < 0x21) return false;
            if (c != '\\')
            {
                bytes.Add((byte)c);
                continue;
            }
            if (++i >= text.Length) return false;
            switch (text[i])
            {
                case '\\': bytes.Add((byte)'\\'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'x':
                    if (text.Length - i - 1 < 2
                        || !byte.TryParse(text.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier,
                            null, out byte b))
                        return false;
                    bytes.Add(b);
                    i += 2;
                    break;
                default:
                    return false;
            }
        }
        value = bytes.ToArray();
        return true;
    }
}
