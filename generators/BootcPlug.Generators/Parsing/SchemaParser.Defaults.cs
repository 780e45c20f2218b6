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
        private DefaultValue? ParseDefault(JsonElement value, string pointer)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    return new DefaultValue(DefaultKind.Null, null, EquatableArray<DefaultMember>.Empty);
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return new DefaultValue(
                        DefaultKind.Boolean,
                        value.ValueKind == JsonValueKind.True ? "true" : "false",
                        EquatableArray<DefaultMember>.Empty);
                case JsonValueKind.String:
                    return new DefaultValue(DefaultKind.String, value.GetString(), EquatableArray<DefaultMember>.Empty);
                case JsonValueKind.Number:
                    return new DefaultValue(DefaultKind.Number, value.GetRawText(),
                        EquatableArray<DefaultMember>.Empty);
                case JsonValueKind.Array when value.GetArrayLength() == 0:
                    return new DefaultValue(DefaultKind.EmptyArray, null, EquatableArray<DefaultMember>.Empty);
                case JsonValueKind.Object:
                    var members = new List<DefaultMember>();
                    foreach (var member in value.EnumerateObject())
                    {
                        DefaultValue? parsed =
                            ParseDefault(member.Value, pointer + "/" + JsonPointerLocator.Escape(member.Name));
                        if (parsed is null) return null;
                        members.Add(new DefaultMember(member.Name, parsed));
                    }
                    return new DefaultValue(DefaultKind.Object, null, members.ToEquatableArray());
                default:
                    Report(DiagnosticDescriptors.InvalidDefault, pointer);
                    return null;
            }
        }

        /// <summary>
        /// Drops (and reports) defaults that do not fit their property's type, so the emitter only sees valid ones.
        /// <paramref name="types"/> are the definitions already built, which defaults of enums and records refer to.
        /// </summary>
        private RecordDefinition CheckDefaults(RecordDefinition record, IReadOnlyList<TypeDefinition> types)
        {
            bool changed = false;
            var properties = new List<PropertyDefinition>();
            foreach (var property in record.Properties)
            {
                if (property.Default is not null && !Fits(property.Default, property.Type, types, depth: 0))
                {
                    changed = true;
                    Report(DiagnosticDescriptors.InvalidDefault, PointerOf(record, property) + "/default");
                    properties.Add(property with { Default = null, Type = property.Type.AsNullable() });
                    continue;
                }
                properties.Add(property);
            }
            return changed ? record with { Properties = properties.ToEquatableArray() } : record;
        }

        private string PointerOf(RecordDefinition record, PropertyDefinition property)
        {
            var definition = _definitionsByRef.Values.FirstOrDefault(d =>
                d.Name == record.Name && d.Shape == Shape.Record);
            string recordPointer = definition?.Pointer ?? "";
            return recordPointer + "/properties/" + JsonPointerLocator.Escape(property.JsonName);
        }

        private static bool Fits(DefaultValue value, TypeRef type, IReadOnlyList<TypeDefinition> types, int depth)
        {
            if (depth > 16) return false;
            switch (value.Kind)
            {
                case DefaultKind.Null:
                    return type.Nullable;
                case DefaultKind.Boolean:
                    return type.Kind == ValueKind.Boolean;
                case DefaultKind.Number:
                    return type.Kind is ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64
                            or ValueKind.Double
                        && (type.Kind == ValueKind.Double || !value.Text!.Contains('.'));
                case DefaultKind.String:
                    if (type.Kind == ValueKind.String) return true;
                    return type.Kind == ValueKind.Named && type.NamedKind == NamedKind.Enum
                        && types.OfType<EnumDefinition>()
                            .FirstOrDefault(e => e.Name == type.Name)?.Members
                            .Any(m => m.WireName == value.Text) == true;
                case DefaultKind.EmptyArray:
                    return type.Kind == ValueKind.List;
                case DefaultKind.Object:
                    if (type.Kind == ValueKind.Map) return value.Members.Count == 0;
                    if (type.Kind != ValueKind.Named || type.NamedKind != NamedKind.Record) return false;
                    var target = types.OfType<RecordDefinition>().FirstOrDefault(r => r.Name == type.Name);
                    if (target is null) return false;
                    foreach (var member in value.Members)
                    {
                        var property = target.Properties.FirstOrDefault(p => p.JsonName == member.JsonName);
                        if (property is null || !Fits(member.Value, property.Type, types, depth + 1)) return false;
                    }
                    // Required members without a value in the default cannot be constructed.
                    return target.Properties.Where(p => p.Required)
                        .All(p => value.Members.Any(m => m.JsonName == p.JsonName));
                default:
                    return false;
            }
        }
    }
}
