using System.Text;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>Turns schema names (camelCase, kebab-case, file names) into C# identifiers.</summary>
    internal static class Naming
    {
        public static string ToPascalCase(string name)
        {
            var builder = new StringBuilder(name.Length);
            bool upperNext = true;
            foreach (char c in name)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    upperNext = true;
                    continue;
                }
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            if (builder.Length == 0) return "Value";
            if (char.IsDigit(builder[0])) builder.Insert(0, '_');
            return builder.ToString();
        }

        public static string ToCamelCase(string name)
        {
            string pascal = ToPascalCase(name);
            return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        }

        /// <summary>`host-v1.schema.json` → `HostV1`; `fleet.json` → `Fleet`.</summary>
        public static string FromSchemaFileName(string fileName)
        {
            string stem = fileName;
            foreach (string suffix in new[] { ".schema.json", ".json" })
            {
                if (!stem.EndsWith(suffix, System.StringComparison.OrdinalIgnoreCase)) continue;
                stem = stem.Substring(0, stem.Length - suffix.Length);
                break;
            }
            return ToPascalCase(stem);
        }
    }
}
