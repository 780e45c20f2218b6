namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// RPM-style version comparison, which grub's BLS support applies to the name, version and release it reads from an
/// entry's file name. Runs of digits compare numerically and beat runs of letters; other characters only separate;
/// <c>~</c> sorts before everything; a string with more segments is newer.
/// </summary>
public static class RpmVersion
{
    /// <summary>
    /// Compares two version strings: negative when <paramref name="a"/> is older, positive when newer.
    /// </summary>
    public static int Compare(string a, string b)
    {
        if (a == b) return 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !char.IsAsciiLetterOrDigit(a[i]) && a[i] != '~') i++;
            while (j < b.Length && !char.IsAsciiLetterOrDigit(b[j]) && b[j] != '~') j++;

            bool tildeA = i < a.Length && a[i] == '~', tildeB = j < b.Length && b[j] == '~';
            if (tildeA || tildeB)
            {
                if (!tildeA) return 1;
                if (!tildeB) return -1;
                i++; j++;
                continue;
            }
            if (i >= a.Length || j >= b.Length) break;

            bool numeric = char.IsAsciiDigit(a[i]);
            Func<char, bool> kind = numeric ? char.IsAsciiDigit : char.IsAsciiLetter;
            int endA = i, endB = j;
            while (endA < a.Length && kind(a[endA])) endA++;
            while (endB < b.Length && kind(b[endB])) endB++;
            if (endB == j) return numeric ? 1 : -1; // the segments differ in kind: numbers are newer

            if (numeric)
            {
                while (i < endA - 1 && a[i] == '0') i++;
                while (j < endB - 1 && b[j] == '0') j++;
                int length = (endA - i).CompareTo(endB - j);
                if (length != 0) return length;
            }
            int cmp = string.CompareOrdinal(a[i..endA], b[j..endB]);
            if (cmp != 0) return Math.Sign(cmp);
            i = endA;
            j = endB;
        }
        bool restA = i < a.Length, restB = j < b.Length;
        return restA == restB ? 0 : restA ? 1 : -1;
    }
}
