using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using BootcPlug.Generators.Diagnostics;
using BootcPlug.Generators.Helpers;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>Builds the validator's model: one node per subschema, every keyword checked or reported.</summary>
    internal sealed partial class SchemaParser
    {
        /// <summary>Keywords the generated validator checks (annotations aside).</summary>
        internal static readonly HashSet<string> ValidatorKeywords = new HashSet<string>
        {
            "type", "properties", "required", "additionalProperties", "items", "$ref", "$defs", "definitions",
            "anyOf", "oneOf", "allOf", "enum", "const", "pattern", "format", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "x-omitWhen",
        };

        private readonly List<ValidationNode?> _nodes = new List<ValidationNode?>();
        private readonly Dictionary<string, int> _nodeByPointer = new Dictionary<string, int>(StringComparer.Ordinal);

        private ValidatorModel BuildValidator(JsonElement root, string className, bool isPublic)
        {
            int rootId = BuildNode(root, "");
            // Unreferenced definitions too, so that every keyword the validator cannot check is reported.
            foreach (var definition in _definitionsByRef.Values) BuildNode(definition.Element, definition.Pointer);
            return new ValidatorModel(className, isPublic, rootId, _nodes.Select(n => n!).ToEquatableArray());
        }

        private int BuildNode(JsonElement schema, string pointer)
        {
            if (_nodeByPointer.TryGetValue(pointer, out int existing)) return existing;
            int id = _nodes.Count;
            _nodes.Add(null);
            _nodeByPointer[pointer] = id;
            _nodes[id] = ReadNode(id, schema, pointer);
            return id;
        }

        private ValidationNode ReadNode(int id, JsonElement schema, string pointer)
        {
            var node = new ValidationNode(id, pointer, schema.ValueKind == JsonValueKind.False, JsonTypes.Any,
                null, null, null, null, null, null, EquatableArray<PropertyRule>.Empty,
                EquatableArray<string>.Empty, false, -1, -1, -1, EquatableArray<int>.Empty,
                EquatableArray<int>.Empty, EquatableArray<int>.Empty);
            if (schema.ValueKind != JsonValueKind.Object)
            {
                if (schema.ValueKind != JsonValueKind.True && schema.ValueKind != JsonValueKind.False)
                    ReportUnchecked(pointer, "is not a schema (an object or a boolean)");
                return node;
            }

            foreach (var keyword in schema.EnumerateObject())
            {
                string at = pointer + "/" + JsonPointerLocator.Escape(keyword.Name);
                JsonElement value = keyword.Value;
                switch (keyword.Name)
                {
                    case "type":
                        node = node with { Types = ReadTypes(value, at) };
                        break;
                    case "properties":
                        if (value.ValueKind != JsonValueKind.Object) { ReportUnchecked(at, "is not an object"); break; }
                        node = node with
                        {
                            Properties = value.EnumerateObject()
                                .Select(p => new PropertyRule(p.Name,
                                    BuildNode(p.Value, at + "/" + JsonPointerLocator.Escape(p.Name))))
                                .ToEquatableArray(),
                        };
                        break;
                    case "required":
                        if (value.ValueKind != JsonValueKind.Array
                            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                        {
                            ReportUnchecked(at, "is not a list of names");
                            break;
                        }
                        node = node with
                        {
                            Required = value.EnumerateArray().Select(v => v.GetString()!).ToEquatableArray(),
                        };
                        break;
                    case "additionalProperties":
                        if (value.ValueKind == JsonValueKind.False)
                            node = node with { ForbidsAdditionalProperties = true };
                        else if (value.ValueKind == JsonValueKind.Object)
                            node = node with { AdditionalProperties = BuildNode(value, at) };
                        else if (value.ValueKind != JsonValueKind.True) ReportUnchecked(at, "is not a schema");
                        break;
                    case "items":
                        if (value.ValueKind == JsonValueKind.Array)
                            ReportUnchecked(at, "is a list (tuple validation)");
                        else node = node with { Items = BuildNode(value, at) };
                        break;
                    case "$ref":
                        node = node with { Ref = ReadReference(value, at) };
                        break;
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                        {
                            ReportUnchecked(at, "is not a non-empty list of schemas");
                            break;
                        }
                        var cases = value.EnumerateArray()
                            .Select((item, index) => BuildNode(item, at + "/" + Format(index)))
                            .ToEquatableArray();
                        node = keyword.Name == "allOf" ? node with { AllOf = cases }
                            : keyword.Name == "anyOf" ? node with { AnyOf = cases }
                            : node with { OneOf = cases };
                        break;
                    case "enum":
                        if (value.ValueKind != JsonValueKind.Array) { ReportUnchecked(at, "is not a list"); break; }
                        node = node with
                        {
                            Enum = value.EnumerateArray().Select(v => v.GetRawText()).ToEquatableArray(),
                        };
                        break;
                    case "const":
                        node = node with { Const = value.GetRawText() };
                        break;
                    case "pattern":
                        node = node with { Pattern = ReadPattern(value, at) };
                        break;
                    case "format":
                        // Other formats are annotations, as JSON Schema 2020-12 has them by default.
                        if (value.ValueKind == JsonValueKind.String
                            && DigestFormats.TryGet(value.GetString()!, out var shape))
                            node = node with
                            {
                                Digest = new DigestRule(value.GetString()!, shape.Prefix, shape.PrefixRequired,
                                    shape.HexLengths.ToEquatableArray()),
                            };
                        break;
                    case "minimum":
                    case "exclusiveMinimum":
                    case "maximum":
                    case "exclusiveMaximum":
                        node = ReadBound(node, keyword.Name, value, at);
                        break;
                    case "$defs":
                    case "definitions":
                    case "x-omitWhen":
                        // Definitions are checked where a $ref leads to them.
                        break;
                    default:
                        // Neither the reader nor the validator checks it: the model's own report (BCPG003).
                        if (!AnnotationKeywords.Contains(keyword.Name))
                            Report(DiagnosticDescriptors.UnsupportedKeyword, at);
                        break;
                }
            }
            return node;
        }

        private JsonTypes ReadTypes(JsonElement value, string at)
        {
            var names = value.ValueKind == JsonValueKind.String ? new[] { value }
                : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray()
                : Array.Empty<JsonElement>();
            if (names.Length == 0) ReportUnchecked(at, "names no type");
            JsonTypes types = JsonTypes.Any;
            foreach (var name in names)
            {
                switch (name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                {
                    case "null": types |= JsonTypes.Null; break;
                    case "boolean": types |= JsonTypes.Boolean; break;
                    case "object": types |= JsonTypes.Object; break;
                    case "array": types |= JsonTypes.Array; break;
                    case "number": types |= JsonTypes.Number; break;
                    case "integer": types |= JsonTypes.Integer; break;
                    case "string": types |= JsonTypes.String; break;
                    default: ReportUnchecked(at, "names an unknown type"); return JsonTypes.Any;
                }
            }
            return types;
        }

        private int ReadReference(JsonElement value, string at)
        {
            string reference = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
            if (!_definitionsByRef.TryGetValue(reference, out var definition))
            {
                // The same report as the model's, so that one unknown $ref is reported once.
                Report(DiagnosticDescriptors.UnknownReference, at, $"#{at} ('{reference}')");
                return -1;
            }
            return BuildNode(definition.Element, definition.Pointer);
        }

        private string? ReadPattern(JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.String) { ReportUnchecked(at, "is not a string"); return null; }
            string pattern = value.GetString()!;
            try
            {
                _ = new Regex(EcmaPattern.ToDotNet(pattern), RegexOptions.ECMAScript);
                return pattern;
            }
            catch (ArgumentException ex)
            {
                ReportUnchecked(at, "is not a regular expression .NET's ECMAScript mode reads (" + ex.Message + ")");
                return null;
            }
        }

        private ValidationNode ReadBound(ValidationNode node, string keyword, JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.Number) { ReportUnchecked(at, "is not a number"); return node; }
            bool exclusive = keyword.StartsWith("exclusive", StringComparison.Ordinal);
            var bound = new NumberBound(value.GetRawText(), exclusive);
            if (keyword.EndsWith("inimum", StringComparison.Ordinal))
            {
                if (node.Minimum is not null) ReportUnchecked(at, "is a second lower bound");
                return node.Minimum is null ? node with { Minimum = bound } : node;
            }
            if (node.Maximum is not null) ReportUnchecked(at, "is a second upper bound");
            return node.Maximum is null ? node with { Maximum = bound } : node;
        }

        private void ReportUnchecked(string pointer, string why)
        {
            string where = "#" + pointer + " (" + why + ")";
            Report(DiagnosticDescriptors.UncheckedKeyword, pointer, where);
        }
    }
}
