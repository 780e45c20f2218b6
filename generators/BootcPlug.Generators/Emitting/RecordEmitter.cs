using System.Collections.Generic;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>Emits a sealed record for a JSON object, with its reader, writer and converter.</summary>
    internal sealed class RecordEmitter
    {
        private const string Support = SupportSource.TypeName;
        private readonly SchemaFileModel _model;
        private readonly TypeSyntax _types;
        private readonly ValueCode _values;
        private readonly EqualityEmitter _equality;

        public RecordEmitter(SchemaFileModel model, TypeSyntax types, ValueCode values, EqualityEmitter equality)
        {
            _model = model;
            _types = types;
            _values = values;
            _equality = equality;
        }

        public SourceWriter Emit(RecordDefinition record) => FileFrame.Write(_model.Namespace, w =>
        {
            string self = _types.Qualified(record.Name);
            string converter = record.Name + "JsonConverter";
            w.Summary(record.Description);
            w.Line(FileFrame.ConverterAttribute(converter, _model.Namespace));
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public sealed partial record {record.Name}");
            foreach (var property in record.Properties) EmitProperty(w, property);
            if (record.AllowsAdditionalProperties)
            {
                w.Summary("Members of the JSON object that the schema does not declare, "
                    + "kept so that a document is written back as it was read.");
                w.Line("public global::System.Collections.Generic.IReadOnlyDictionary<string, "
                    + "global::System.Text.Json.JsonElement>? AdditionalProperties { get; init; }");
                w.Line();
            }
            _equality.Emit(w, self, EqualityMembers(record));
            EmitRead(w, record, self);
            w.Line();
            EmitWrite(w, record);
            w.Close();
            w.Line();
            FileFrame.WriteConverter(w, self, converter, $"{self}.ReadJson(ref reader, \"$\")",
                "value.WriteJson(writer)");
        });

        private static List<EqualityMember> EqualityMembers(RecordDefinition record)
        {
            var members = record.Properties.Select(p => new EqualityMember(p.MemberName, p.Type)).ToList();
            if (record.AllowsAdditionalProperties)
                members.Add(new EqualityMember("AdditionalProperties",
                    TypeRef.MapOf(TypeRef.Of(ValueKind.Json)).AsNullable()));
            return members;
        }

        private void EmitProperty(SourceWriter w, PropertyDefinition property)
        {
            w.Summary(property.Description ?? $"The \"{property.JsonName}\" member.");
            string modifier = property.Required ? "required " : "";
            string initializer = property.Default is null
                ? ""
                : " = " + _types.Default(property.Default, property.Type) + ";";
            w.Line($"public {modifier}{_types.Of(property.Type)} {property.MemberName} {{ get; init; }}{initializer}");
            w.Line();
        }

        private void EmitRead(SourceWriter w, RecordDefinition record, string self)
        {
            w.Open($"internal static {self} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader, string path)");
            w.Line($"{Support}.ExpectStartObject(ref reader, path, \"{record.Name}\");");
            foreach (var property in record.Properties)
            {
                w.Line($"{_types.Of(property.Type.AsNullable())} value{property.MemberName} = default;");
                w.Line($"bool has{property.MemberName} = false;");
            }
            if (record.AllowsAdditionalProperties)
                w.Line("global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? "
                    + "additional = null;");

            w.Open($"while ({Support}.NextProperty(ref reader, out string name))");
            w.Line($"string propertyPath = {Support}.Child(path, name);");
            w.Open("switch (name)");
            foreach (var property in record.Properties)
            {
                w.Line($"case {TypeSyntax.StringLiteral(property.JsonName)}:");
                w.Indentation++;
                w.Line($"if (has{property.MemberName}) throw {Support}.Duplicate(path, name);");
                w.Line($"has{property.MemberName} = true;");
                w.Line($"value{property.MemberName} = {_values.Read(property.Type, "reader", "propertyPath")};");
                w.Line("break;");
                w.Indentation--;
            }
            w.Line("default:");
            w.Indentation++;
            if (record.AllowsAdditionalProperties)
            {
                w.Line("additional ??= new global::System.Collections.Generic.Dictionary<string, "
                    + "global::System.Text.Json.JsonElement>(global::System.StringComparer.Ordinal);");
                w.Line($"if (!additional.TryAdd(name, {Support}.ReadJson(ref reader))) "
                    + $"throw {Support}.Duplicate(path, name);");
                w.Line("break;");
            }
            else
            {
                w.Line($"throw {Support}.Error(propertyPath, \"{record.Name} has no property of this name\");");
            }
            w.Indentation--;
            w.Close();
            w.Close();

            foreach (var property in record.Properties.Where(p => p.Required))
                w.Line($"if (!has{property.MemberName}) throw {Support}.Missing(path, "
                    + $"{TypeSyntax.StringLiteral(property.JsonName)}, \"{record.Name}\");");

            w.Line($"return new {self}");
            w.Line("{");
            w.Indentation++;
            foreach (var property in record.Properties)
            {
                string value = "value" + property.MemberName
                    + (property.Type.Nullable ? "" : property.Type.IsValueType ? ".GetValueOrDefault()" : "!");
                if (property.Required || property.Default is null)
                    w.Line($"{property.MemberName} = {value},");
                else
                    w.Line($"{property.MemberName} = has{property.MemberName} ? {value} "
                        + $": {_types.Default(property.Default, property.Type)},");
            }
            if (record.AllowsAdditionalProperties) w.Line("AdditionalProperties = additional,");
            w.Indentation--;
            w.Line("};");
            w.Close();
        }

        private void EmitWrite(SourceWriter w, RecordDefinition record)
        {
            w.Open("internal void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
            w.Line("writer.WriteStartObject();");
            foreach (var property in record.Properties)
            {
                string name = TypeSyntax.StringLiteral(property.JsonName);
                bool collection = property.Type.Kind == ValueKind.List || property.Type.Kind == ValueKind.Map;
                string? condition = property.Omit switch
                {
                    OmitRule.WhenNull when property.Type.Nullable => $"{property.MemberName} is not null",
                    OmitRule.WhenEmpty when collection => $"{property.MemberName} is {{ Count: > 0 }}",
                    OmitRule.WhenEmpty when property.Type.Nullable => $"{property.MemberName} is not null",
                    _ => null,
                };
                if (condition is null)
                {
                    w.Line($"writer.WritePropertyName({name});");
                    _values.Write(w, property.Type, property.MemberName);
                    continue;
                }
                w.Open($"if ({condition})");
                w.Line($"writer.WritePropertyName({name});");
                var present = property.Type.AsNonNullable();
                _values.Write(w, present, property.Type.Nullable && property.Type.IsValueType
                    ? property.MemberName + ".Value"
                    : property.MemberName);
                w.Close();
            }
            if (record.AllowsAdditionalProperties)
            {
                w.Open("if (AdditionalProperties is not null)");
                w.Open("foreach (var extra in AdditionalProperties)");
                w.Line("writer.WritePropertyName(extra.Key);");
                w.Line("extra.Value.WriteTo(writer);");
                w.Close();
                w.Close();
            }
            w.Line("writer.WriteEndObject();");
            w.Close();
        }
    }
}
