namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// Version comparison of the UAPI "Version Format Specification", as systemd-boot and <c>bootctl</c> use it to order
/// entries: <c>1.0~rc1</c> is older than <c>1.0</c>, <c>2.10</c> is newer than <c>2.9</c>, <c>1.0-2</c> older than
/// <c>1.0.1</c>.
/// </summary>
public static class UapiVersion
{
    /// <summary>
    /// Compares two versions: negative when <paramref name="a"/> is older, positive when newer, 0 when equal. Null and
    /// empty are older than anything else.
    /// </summary>
    public static int Compare(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
            return Math.Sign(string.CompareOrdinal(a ?? "", b ?? ""));

        int i = 0, j = 0;
        while (true)
        {
            i = SkipIgnored(a, i);
            j = SkipIgnored(b, j);

            // A tilde marks a pre-release: it is older than anything, including the end of the string.
            bool tildeA = At(a, i) == '~', tildeB = At(b, j) == '~';
            if (tildeA || tildeB)
            {
                if (tildeA != tildeB) return tildeA ? -1 : 1;
                i++; j++;
            }

            // At the end of either string, whatever remains makes the other one newer.
            if (i >= a.Length || j >= b.Length)
                return Math.Sign(string.CompareOrdinal(a[i..], b[j..]));

            foreach (char separator in "-^.")
            {
                // '-' (release) < '^' (patch) < '.' (point release): the side without the separator is newer.
                bool sepA = At(a, i) == separator, sepB = At(b, j) == separator;
                if (sepA || sepB)
                {
                    if (sepA != sepB) return sepA ? -1 : 1;
                    i++; j++;
                }
            }

            int endA, endB;
            if (char.IsAsciiDigit(At(a, i)) || char.IsAsciiDigit(At(b, j)))
            {
                endA = RunEnd(a, i, char.IsAsciiDigit);
                endB = RunEnd(b, j, char.IsAsciiDigit);
                // A number is newer than no number.
                int present = (endA > i).CompareTo(endB > j);
                if (present != 0) return present;
                while (i < endA && a[i] == '0') i++;
                while (j < endB && b[j] == '0') j++;
                int length = (endA - i).CompareTo(endB - j);
                if (length != 0) return length;
                int digits = string.CompareOrdinal(a, i, b, j, endA - i);
                if (digits != 0) return Math.Sign(digits);
            }
            else
            {
                endA = RunEnd(a, i, char.IsAsciiLetter);
                endB = RunEnd(b, j, char.IsAsciiLetter);
                int common = Math.Min(endA - i, endB - j);
                int letters = string.CompareOrdinal(a, i, b, j, common);
                if (letters != 0) return Math.Sign(letters);
                int length = (endA - i).CompareTo(endB - j);
                if (length != 0) return length;
            }
            i = endA;
            j = endB;
        }
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static bool Counts(char c) => char.IsAsciiLetterOrDigit(c) || c is '~' or '-' or '^' or '.';

    private static int SkipIgnored(string s, int index)
    {
        while (index < s.Length && !Counts(s[index])) index++;
        return index;
    }

    private static int RunEnd(string s, int index, Func<char, bool> kind)
    {
        while (index < s.Length && kind(s[index])) index++;
        return index;
    }
}
