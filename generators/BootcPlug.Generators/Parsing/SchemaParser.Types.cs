using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BootcPlug.Generators.Diagnostics;
using BootcPlug.Generators.Helpers;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Parsing
{
    internal sealed partial class SchemaParser
    {
        /// <summary>Member names that the emitted record already uses for itself.</summary>
        private static readonly HashSet<string> ReservedMemberNames = new HashSet<string>
        {
            "AdditionalProperties", "EqualityContract", "ReadJson", "WriteJson", "ToString", "GetHashCode", "Equals",
        };

        private TypeRef ResolveType(JsonElement schema, string pointer)
        {
            if (schema.ValueKind == JsonValueKind.True) return TypeRef.Of(ValueKind.Json);
            if (schema.ValueKind != JsonValueKind.Object)
            {
                Report(DiagnosticDescriptors.UnsupportedShape, pointer);
                return TypeRef.Of(ValueKind.Json);
            }

            if (schema.TryGetProperty("$ref", out var reference))
                return ResolveReference(reference.GetString() ?? "", pointer + "/$ref");

            foreach (string combinator in new[] { "anyOf", "oneOf" })
            {
                if (!schema.TryGetProperty(combinator, out var cases)) continue;
                var items = cases.ValueKind == JsonValueKind.Array
                    ? cases.EnumerateArray().ToList()
                    : new List<JsonElement>();
                int nullIndex = items.FindIndex(IsNullSchema);
                if (items.Count == 2 && nullIndex >= 0)
                {
                    int other = 1 - nullIndex;
                    return ResolveType(items[other], pointer + "/" + combinator + "/" + Format(other)).AsNullable();
                }
                Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/" + combinator);
                return TypeRef.Of(ValueKind.Json);
            }

            if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("const", out _))
            {
                // Inline enums have no name to become a type: declare them in $defs.
                Report(DiagnosticDescriptors.UnsupportedShape, pointer);
                return TypeRef.Of(ValueKind.Json);
            }

            List<string> typeNames = TypeNames(schema);
            bool nullable = typeNames.Remove("null");
            if (typeNames.Count == 0) return TypeRef.Of(ValueKind.Json);
            if (typeNames.Count > 1)
            {
                Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/type");
                return TypeRef.Of(ValueKind.Json);
            }
            TypeRef resolved = ResolvePrimitive(typeNames[0], schema, pointer);
            return nullable ? resolved.AsNullable() : resolved;
        }

        private static bool IsNullSchema(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String && type.GetString() == "null";

        private TypeRef ResolvePrimitive(string typeName, JsonElement schema, string pointer)
        {
            string? format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                ? f.GetString()
                : null;
            switch (typeName)
            {
                case "string":
                    if (format == "date-time") return TypeRef.Of(ValueKind.DateTime);
                    if (format is not null && DigestFormats.TryGet(format, out _))
                        Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/format",
                            $"#{pointer}/format: declare digest formats in $defs so they get a type; "
                            + "the value is typed as string");
                    return TypeRef.Of(ValueKind.String);
                case "boolean":
                    return TypeRef.Of(ValueKind.Boolean);
                case "integer":
                    switch (format)
                    {
                        case "int32": return TypeRef.Of(ValueKind.Int32);
                        case "uint32": return TypeRef.Of(ValueKind.UInt32);
                        case "uint64": return TypeRef.Of(ValueKind.UInt64);
                        default: return TypeRef.Of(ValueKind.Int64);
                    }
                case "number":
                    return TypeRef.Of(ValueKind.Double);
                case "array":
                    return schema.TryGetProperty("items", out var items)
                        ? TypeRef.ListOf(ResolveType(items, pointer + "/items"))
                        : TypeRef.ListOf(TypeRef.Of(ValueKind.Json));
                case "object":
                    if (schema.TryGetProperty("properties", out _))
                    {
                        // Inline objects have no name to become a record: declare them in $defs.
                        Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/properties");
                        return TypeRef.Of(ValueKind.Json);
                    }
                    if (!schema.TryGetProperty("additionalProperties", out var values)
                        || values.ValueKind == JsonValueKind.True)
                        return TypeRef.MapOf(TypeRef.Of(ValueKind.Json));
                    if (values.ValueKind == JsonValueKind.Object)
                        return TypeRef.MapOf(ResolveType(values, pointer + "/additionalProperties"));
                    Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/additionalProperties");
                    return TypeRef.Of(ValueKind.Json);
                default:
                    Report(DiagnosticDescriptors.UnsupportedShape, pointer + "/type");
                    return TypeRef.Of(ValueKind.Json);
            }
        }

        private TypeRef ResolveReference(string reference, string pointer)
        {
            if (!_definitionsByRef.TryGetValue(reference, out var definition))
            {
                Report(DiagnosticDescriptors.UnknownReference, pointer, $"#{pointer} ('{reference}')");
                return TypeRef.Of(ValueKind.Json);
            }
            return definition.Shape switch
            {
                Shape.Record => TypeRef.Named(definition.Name, NamedKind.Record),
                Shape.Enum => TypeRef.Named(definition.Name, NamedKind.Enum),
                Shape.Union => TypeRef.Named(definition.Name, NamedKind.Union),
                Shape.Digest => TypeRef.Named(definition.Name, NamedKind.Digest),
                _ => ResolveDefinition(definition),
            };
        }

        private TypeRef ResolveDefinition(Definition alias)
        {
            if (alias.AliasTarget is not null) return alias.AliasTarget;
            if (alias.Resolving)
            {
                Report(DiagnosticDescriptors.UnsupportedShape, alias.Pointer, $"#{alias.Pointer} refers to itself");
                return TypeRef.Of(ValueKind.Json);
            }
            alias.Resolving = true;
            CheckKeywords(alias.Element, alias.Pointer);
            alias.AliasTarget = ResolveType(alias.Element, alias.Pointer);
            alias.Resolving = false;
            return alias.AliasTarget;
        }

        private RecordDefinition BuildRecord(string name, JsonElement schema, string pointer)
        {
            CheckKeywords(schema, pointer);
            var required = new HashSet<string>();
            if (schema.TryGetProperty("required", out var requiredNames)
                && requiredNames.ValueKind == JsonValueKind.Array)
                foreach (var item in requiredNames.EnumerateArray()) required.Add(item.GetString() ?? "");

            var properties = new List<PropertyDefinition>();
            var memberNames = new HashSet<string>();
            if (schema.TryGetProperty("properties", out var declared) && declared.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in declared.EnumerateObject())
                {
                    _cancellation.ThrowIfCancellationRequested();
                    string propertyPointer = pointer + "/properties/" + JsonPointerLocator.Escape(property.Name);
                    PropertyDefinition built = BuildProperty(name, property.Name, property.Value, propertyPointer,
                        required.Contains(property.Name));
                    if (!memberNames.Add(built.MemberName))
                    {
                        Report(DiagnosticDescriptors.NameCollision, propertyPointer,
                            $"property #{propertyPointer} maps to the member name '{built.MemberName}', "
                            + $"which is already taken in {name}");
                        continue;
                    }
                    properties.Add(built);
                }
            }

            bool allowsAdditional = true;
            if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False) allowsAdditional = false;
                else if (additional.ValueKind != JsonValueKind.True)
                    Report(DiagnosticDescriptors.UnsupportedKeyword, pointer + "/additionalProperties");
            }
            return new RecordDefinition(name, Description(schema), properties.ToEquatableArray(), allowsAdditional);
        }

        private PropertyDefinition BuildProperty(string recordName, string jsonName, JsonElement schema, string pointer,
            bool required)
        {
            CheckKeywords(schema, pointer);
            TypeRef type = ResolveType(schema, pointer);
            DefaultValue? defaultValue =
                schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("default", out var d)
                ? ParseDefault(d, pointer + "/default")
                : null;

            OmitRule omit = OmitRule.Never;
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("x-omitWhen", out var rule))
            {
                switch (rule.GetString())
                {
                    case "null": omit = OmitRule.WhenNull; break;
                    case "empty": omit = OmitRule.WhenEmpty; break;
                    default: Report(DiagnosticDescriptors.UnsupportedKeyword, pointer + "/x-omitWhen"); break;
                }
            }

            // An optional value with no default is absent: a list is empty, anything else is null.
            if (!required && defaultValue is null)
            {
                if (type.Kind == ValueKind.List && !type.Nullable)
                    defaultValue = new DefaultValue(DefaultKind.EmptyArray, null, EquatableArray<DefaultMember>.Empty);
                else
                    type = type.AsNullable();
            }

            string memberName = Naming.ToPascalCase(jsonName);
            if (memberName == recordName || ReservedMemberNames.Contains(memberName)) memberName += "Value";
            return new PropertyDefinition(jsonName, memberName, Description(schema), type, required, defaultValue,
                omit);
        }

        private EnumDefinition BuildEnum(Definition definition)
        {
            CheckKeywords(definition.Element, definition.Pointer);
            var members = new List<EnumMember>();
            if (definition.Element.TryGetProperty("enum", out var values))
            {
                foreach (var value in values.EnumerateArray())
                    members.Add(new EnumMember(value.GetString()!, Naming.ToPascalCase(value.GetString()!), null));
            }
            else
            {
                int index = 0;
                foreach (var item in definition.Element.GetProperty("oneOf").EnumerateArray())
                {
                    string casePointer = definition.Pointer + "/oneOf/" + Format(index++);
                    CheckKeywords(item, casePointer);
                    string wire = item.GetProperty("const").GetString()!;
                    members.Add(new EnumMember(wire, Naming.ToPascalCase(wire), Description(item)));
                }
            }
            ReportDuplicateMembers(definition, members.Select(m => m.MemberName));
            return new EnumDefinition(definition.Name, Description(definition.Element), members.ToEquatableArray());
        }

        private UnionDefinition BuildUnion(Definition definition)
        {
            CheckKeywords(definition.Element, definition.Pointer);
            var variants = new List<UnionVariant>();
            int index = 0;
            foreach (var item in definition.Element.GetProperty("oneOf").EnumerateArray())
            {
                string casePointer = definition.Pointer + "/oneOf/" + Format(index++);
                CheckKeywords(item, casePointer);
                if (IsConstString(item))
                {
                    string wire = item.GetProperty("const").GetString()!;
                    variants.Add(new UnionVariant(wire, Naming.ToPascalCase(wire), Description(item), null));
                    continue;
                }
                var property = item.GetProperty("properties").EnumerateObject().First();
                string propertyPointer = casePointer + "/properties/" + JsonPointerLocator.Escape(property.Name);
                CheckKeywords(property.Value, propertyPointer);
                TypeRef payload = ResolveType(property.Value, propertyPointer);
                variants.Add(
                    new UnionVariant(property.Name, Naming.ToPascalCase(property.Name), Description(item), payload));
            }
            ReportDuplicateMembers(definition, variants.Select(v => v.MemberName));
            return new UnionDefinition(definition.Name, Description(definition.Element), variants.ToEquatableArray());
        }

        private void ReportDuplicateMembers(Definition definition, IEnumerable<string> memberNames)
        {
            var seen = new HashSet<string>();
            foreach (string member in memberNames)
            {
                if (!seen.Add(member))
                    Report(DiagnosticDescriptors.NameCollision, definition.Pointer,
                        $"#{definition.Pointer}: two cases map to the member name '{member}'");
            }
        }

        private DigestDefinition BuildDigest(Definition definition)
        {
            CheckKeywords(definition.Element, definition.Pointer, "pattern");
            string format = definition.Element.GetProperty("format").GetString()!;
            DigestFormats.TryGet(format, out var shape);
            return new DigestDefinition(
                definition.Name,
                Description(definition.Element),
                format,
                shape.Prefix,
                shape.PrefixRequired,
                shape.HexLengths.ToEquatableArray());
        }
    }
}
