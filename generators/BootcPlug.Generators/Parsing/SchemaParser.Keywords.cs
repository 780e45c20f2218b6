using System.Collections.Generic;
using System.Text.Json;
using BootcPlug.Generators.Diagnostics;

namespace BootcPlug.Generators.Parsing
{
    internal sealed partial class SchemaParser
    {
        /// <summary>Keywords that only annotate: they never change the generated type.</summary>
        private static readonly HashSet<string> AnnotationKeywords = new HashSet<string>
        {
            "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly",
            "writeOnly",
        };

        /// <summary>Keywords that the parser turns into types.</summary>
        private static readonly HashSet<string> ShapingKeywords = new HashSet<string>
        {
            "type", "properties", "required", "additionalProperties", "items", "$ref", "$defs", "definitions",
            "anyOf", "oneOf", "enum", "const", "format", "x-omitWhen",
        };

        /// <summary>
        /// Reports every keyword of <paramref name="schema"/> that the generated code would not honour.
        /// </summary>
        private void CheckKeywords(JsonElement schema, string pointer, params string[] alsoAllowed)
        {
            if (schema.ValueKind != JsonValueKind.Object) return;
            foreach (var property in schema.EnumerateObject())
            {
                string keyword = property.Name;
                if (AnnotationKeywords.Contains(keyword) || ShapingKeywords.Contains(keyword)) continue;
                if (System.Array.IndexOf(alsoAllowed, keyword) >= 0) continue;
                // The validator's model reads every keyword and reports those that nobody checks.
                if (ValidatorEnabled) continue;
                if (keyword == "minimum" && IsUnsignedMinimum(schema, property.Value)) continue;
                Report(DiagnosticDescriptors.UnsupportedKeyword, pointer + "/" + JsonPointerLocator.Escape(keyword));
            }
        }

        /// <summary>`minimum: 0` on an unsigned integer format is what the C# type enforces anyway.</summary>
        private static bool IsUnsignedMinimum(JsonElement schema, JsonElement minimum) =>
            minimum.ValueKind == JsonValueKind.Number && minimum.GetDouble() == 0
            && schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
            && (format.GetString() == "uint32" || format.GetString() == "uint64");
    }
}
