using System.Text;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>
    /// Turns a JSON Schema `pattern` (an ECMA-262 regular expression) into one that .NET's
    /// RegexOptions.ECMAScript mode reads the same way. That mode already gives ECMA's ASCII-only \d and \w; what is
    /// left is `$`, which in .NET also matches before a final newline ("abc\n" matches ^abc$). In ECMA-262 it
    /// matches only at the end, so every `$` outside a character class becomes `(?!\n)$`.
    /// </summary>
    internal static class EcmaPattern
    {
        public static string ToDotNet(string pattern)
        {
            var result = new StringBuilder(pattern.Length + 8);
            bool inClass = false;
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }
                if (c == '[') inClass = true;
                else if (c == ']') inClass = false;
                else if (c == '$' && !inClass)
                {
                    result.Append("(?!\\n)$");
                    continue;
                }
                result.Append(c);
            }
            return result.ToString();
        }
    }
}
