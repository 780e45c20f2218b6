using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BootcPlug.Generators.Diagnostics;
using BootcPlug.Generators.Helpers;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>
    /// Reads one JSON Schema (the subset that describes data types) into a <see cref="SchemaFileModel"/>.
    /// </summary>
    internal sealed partial class SchemaParser
    {
        private enum Shape
        {
            Record,
            Enum,
            Union,
            Digest,
            Alias,
        }

        private sealed class Definition
        {
            public Definition(string name, JsonElement element, string pointer, Shape shape)
            {
                Name = name;
                Element = element;
                Pointer = pointer;
                Shape = shape;
            }

            public string Name { get; }
            public JsonElement Element { get; }
            public string Pointer { get; }
            public Shape Shape { get; }
            public TypeRef? AliasTarget { get; set; }
            public bool Resolving { get; set; }
        }

        private readonly SchemaSource _source;
        private readonly string _fileName;
        private readonly CancellationToken _cancellation;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly Dictionary<string, Definition> _definitionsByRef =
            new Dictionary<string, Definition>(StringComparer.Ordinal);

        private SchemaParser(SchemaSource source, CancellationToken cancellation)
        {
            _source = source;
            _fileName = System.IO.Path.GetFileName(source.Path);
            _cancellation = cancellation;
        }

        public static SchemaParseResult Parse(SchemaSource source, CancellationToken cancellation)
        {
            var parser = new SchemaParser(source, cancellation);
            SchemaFileModel? model = parser.Run();
            // The model and the validator both follow $refs: an unknown one is reported once.
            return new SchemaParseResult(model, parser._diagnostics.Distinct().ToEquatableArray());
        }

        private SchemaFileModel? Run()
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(_source.Text,
                    new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                int line = (int)(ex.LineNumber ?? 0);
                int column = (int)(ex.BytePositionInLine ?? 0);
                _diagnostics.Add(new DiagnosticInfo(
                    DiagnosticDescriptors.InvalidJson.Id, _source.Path, line, column, _fileName, ex.Message));
                return null;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.InvalidJson.Id, _source.Path, 0, 0, _fileName,
                        "the root is not a JSON object"));
                    return null;
                }

                string contextBase = Naming.FromSchemaFileName(_fileName);
                string rootName = root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
                    ? Naming.ToPascalCase(title.GetString()!)
                    : contextBase;

                CollectDefinitions(root, "$defs");
                CollectDefinitions(root, "definitions");
                CheckNameCollisions(rootName);

                var types = new List<TypeDefinition>();
                if (root.TryGetProperty("properties", out _))
                {
                    types.Add(BuildRecord(rootName, root, ""));
                }
                foreach (var definition in _definitionsByRef.Values)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    TypeDefinition? type = BuildDefinition(definition);
                    // A colliding name was reported already; its first owner keeps it.
                    if (type is not null && !types.Any(t => t.Name == type.Name)) types.Add(type);
                }

                var built = types;
                types = built.Select(t => t is RecordDefinition r ? CheckDefaults(r, built) : t).ToList();
                string ns = string.IsNullOrWhiteSpace(_source.Namespace)
                    ? "BootcPlug.Models"
                    : _source.Namespace.Trim();
                ValidatorModel? validator = ValidatorEnabled
                    ? BuildValidator(root, contextBase + "Validator", !IsInternalValidator)
                    : null;
                return new SchemaFileModel(_fileName, ns, contextBase + "JsonContext", rootName,
                    types.ToEquatableArray(), validator);
            }
        }

        private void CollectDefinitions(JsonElement root, string keyword)
        {
            if (!root.TryGetProperty(keyword, out var defs) || defs.ValueKind != JsonValueKind.Object) return;
            foreach (var property in defs.EnumerateObject())
            {
                string pointer = "/" + keyword + "/" + JsonPointerLocator.Escape(property.Name);
                var definition = new Definition(Naming.ToPascalCase(property.Name), property.Value, pointer,
                    Classify(property.Value));
                _definitionsByRef["#" + pointer] = definition;
            }
        }

        private void CheckNameCollisions(string rootName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { rootName };
            foreach (var definition in _definitionsByRef.Values)
            {
                if (definition.Shape == Shape.Alias) continue;
                if (!seen.Add(definition.Name))
                    Report(DiagnosticDescriptors.NameCollision, definition.Pointer,
                        $"definition {definition.Pointer} maps to the type name '{definition.Name}', "
                        + "which is already taken");
            }
        }

        private static Shape Classify(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object) return Shape.Alias;
            if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
                && values.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                return Shape.Enum;
            if (schema.TryGetProperty("oneOf", out var cases) && cases.ValueKind == JsonValueKind.Array)
            {
                var items = cases.EnumerateArray().ToList();
                if (items.Count > 0 && items.All(IsConstString)) return Shape.Enum;
                if (items.Count > 0 && items.All(i => IsConstString(i) || IsTaggedObject(i))) return Shape.Union;
                return Shape.Alias;
            }
            if (schema.TryGetProperty("properties", out _)
                || TypeNames(schema).Contains("object") && !schema.TryGetProperty("additionalProperties", out _))
                return Shape.Record;
            if (TypeNames(schema).SequenceEqual(new[] { "string" })
                && schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
                && DigestFormats.TryGet(format.GetString()!, out _))
                return Shape.Digest;
            return Shape.Alias;
        }

        private static bool IsConstString(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("const", out var value) && value.ValueKind == JsonValueKind.String;

        /// <summary>
        /// An object with exactly one property, which is required: serde's externally tagged variant.
        /// </summary>
        private static bool IsTaggedObject(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.EnumerateObject().Count() == 1
            && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && required.GetArrayLength() == 1
            && required[0].GetString() == properties.EnumerateObject().First().Name;

        private static List<string> TypeNames(JsonElement schema)
        {
            var names = new List<string>();
            if (!schema.TryGetProperty("type", out var type)) return names;
            if (type.ValueKind == JsonValueKind.String) names.Add(type.GetString()!);
            else if (type.ValueKind == JsonValueKind.Array)
                names.AddRange(type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String)
                    .Select(t => t.GetString()!));
            return names;
        }

        private TypeDefinition? BuildDefinition(Definition definition)
        {
            switch (definition.Shape)
            {
                case Shape.Record:
                    return BuildRecord(definition.Name, definition.Element, definition.Pointer);
                case Shape.Enum:
                    return BuildEnum(definition);
                case Shape.Union:
                    return BuildUnion(definition);
                case Shape.Digest:
                    return BuildDigest(definition);
                default:
                    // An alias emits no type; references resolve to its target.
                    // Resolving it here reports its problems once.
                    ResolveDefinition(definition);
                    return null;
            }
        }

        private string? Description(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("description", out var d)
                && d.ValueKind == JsonValueKind.String
                ? d.GetString()
                : null;

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string pointer,
            string? argument = null)
        {
            var (line, column) = JsonPointerLocator.Locate(_source.Text, pointer);
            string where = pointer.Length == 0 ? "#" : "#" + pointer;
            _diagnostics.Add(
                new DiagnosticInfo(descriptor.Id, _source.Path, line, column, _fileName, argument ?? where));
        }

        private bool ValidatorEnabled =>
            !string.Equals(_source.Validator.Trim(), "none", StringComparison.OrdinalIgnoreCase);

        private bool IsInternalValidator =>
            string.Equals(_source.Validator.Trim(), "internal", StringComparison.OrdinalIgnoreCase);

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
