using System.Collections.Generic;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// Emits an externally tagged union (a bare string per unit case, a one-property object per data case)
    /// as a record with a Kind, one property per data case, and factories.
    /// </summary>
    internal sealed class UnionEmitter
    {
        private const string Support = SupportSource.TypeName;
        private readonly SchemaFileModel _model;
        private readonly TypeSyntax _types;
        private readonly ValueCode _values;
        private readonly EqualityEmitter _equality;

        public UnionEmitter(SchemaFileModel model, TypeSyntax types, ValueCode values, EqualityEmitter equality)
        {
            _model = model;
            _types = types;
            _values = values;
            _equality = equality;
        }

        public SourceWriter Emit(UnionDefinition union) => FileFrame.Write(_model.Namespace, w =>
        {
            string self = _types.Qualified(union.Name);
            string kind = _types.Qualified(union.Name + "Kind");
            string converter = union.Name + "JsonConverter";

            w.Summary($"The cases of <see cref=\"{union.Name}\"/>.");
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public enum {union.Name}Kind");
            foreach (var variant in union.Variants)
            {
                w.Summary($"The \"{variant.WireName}\" case.");
                w.Line(variant.MemberName + ",");
            }
            w.Close();
            w.Line();

            w.Summary(union.Description);
            w.Line(FileFrame.ConverterAttribute(converter, _model.Namespace));
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public sealed partial record {union.Name}");
            w.Line($"private {union.Name}({kind} kind) => Kind = kind;");
            w.Line();
            w.Summary("Which case this value is.");
            w.Line($"public {kind} Kind {{ get; }}");
            w.Line();
            foreach (var variant in union.Variants) EmitCase(w, variant, self, kind);
            _equality.Emit(w, self, EqualityMembers(union));
            EmitRead(w, union, self);
            w.Line();
            EmitWrite(w, union, kind);
            w.Close();
            w.Line();
            FileFrame.WriteConverter(w, self, converter, $"{self}.ReadJson(ref reader, \"$\")",
                "value.WriteJson(writer)");
        });

        private static List<EqualityMember> EqualityMembers(UnionDefinition union)
        {
            var members = new List<EqualityMember>
            {
                new EqualityMember("Kind", TypeRef.Named(union.Name + "Kind", NamedKind.Enum)),
            };
            members.AddRange(union.Variants.Where(v => v.Payload is not null)
                .Select(v => new EqualityMember(v.MemberName, v.Payload!.AsNullable())));
            return members;
        }

        private void EmitCase(SourceWriter w, UnionVariant variant, string self, string kind)
        {
            if (variant.Payload is null)
            {
                w.Summary((variant.Description is null ? "" : variant.Description + "\n")
                    + $"Written as \"{variant.WireName}\".");
                w.Line($"public static {self} {variant.MemberName} {{ get; }} = new "
                    + $"{self}({kind}.{variant.MemberName});");
                w.Line();
                return;
            }
            string payloadType = _types.Of(variant.Payload.AsNonNullable());
            w.Summary($"The value of the \"{variant.WireName}\" case; null for the other cases.");
            w.Line($"public {_types.Of(variant.Payload.AsNullable())} {variant.MemberName} {{ get; private init; }}");
            w.Line();
            w.Summary((variant.Description is null ? "" : variant.Description + "\n")
                + $"Written as {{\"{variant.WireName}\": value}}.");
            string guard = variant.Payload.IsValueType
                ? "value"
                : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
            w.Line($"public static {self} From{variant.MemberName}({payloadType} value) "
                + $"=> new {self}({kind}.{variant.MemberName}) {{ {variant.MemberName} = {guard} }};");
            w.Line();
        }

        private void EmitRead(SourceWriter w, UnionDefinition union, string self)
        {
            string units = string.Join(", ", union.Variants.Where(v => v.Payload is null).Select(v => v.WireName));
            string objects = string.Join(", ", union.Variants.Where(v => v.Payload is not null)
                .Select(v => v.WireName));
            w.Open($"internal static {self} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader, string path)");
            w.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)");
            w.Line("string wireName = reader.GetString()!;");
            w.Open("switch (wireName)");
            foreach (var variant in union.Variants.Where(v => v.Payload is null))
                w.Line($"case {TypeSyntax.StringLiteral(variant.WireName)}: return {variant.MemberName};");
            w.Line($"default: throw {Support}.Error(path, \"'\" + wireName + \"' is not one of: {units}\");");
            w.Close();
            w.Close();
            w.Line("if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject) "
                + $"throw {Support}.Unexpected(ref reader, path, \"a string or an object ({union.Name})\");");
            w.Line($"if (!{Support}.NextProperty(ref reader, out string name)) throw {Support}.Error(path, "
                + $"\"expected one of the properties: {objects}\");");
            w.Line($"string propertyPath = {Support}.Child(path, name);");
            w.Line($"{self} result;");
            w.Open("switch (name)");
            foreach (var variant in union.Variants.Where(v => v.Payload is not null))
                w.Line($"case {TypeSyntax.StringLiteral(variant.WireName)}: result = "
                    + $"From{variant.MemberName}({_values.Read(variant.Payload!, "reader", "propertyPath")}); break;");
            w.Line($"default: throw {Support}.Error(propertyPath, \"not one of the properties: {objects}\");");
            w.Close();
            w.Line($"if ({Support}.NextProperty(ref reader, out string extra)) "
                + $"throw {Support}.Error({Support}.Child(path, extra), \"{union.Name} takes exactly one property\");");
            w.Line("return result;");
            w.Close();
        }

        private void EmitWrite(SourceWriter w, UnionDefinition union, string kind)
        {
            w.Open("internal void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
            w.Open("switch (Kind)");
            foreach (var variant in union.Variants)
            {
                w.Line($"case {kind}.{variant.MemberName}:");
                w.Indentation++;
                if (variant.Payload is null)
                {
                    w.Line($"writer.WriteStringValue({TypeSyntax.StringLiteral(variant.WireName)});");
                }
                else
                {
                    w.Line("writer.WriteStartObject();");
                    w.Line($"writer.WritePropertyName({TypeSyntax.StringLiteral(variant.WireName)});");
                    string value = variant.MemberName + (variant.Payload.IsValueType ? "!.Value" : "!");
                    _values.Write(w, variant.Payload.AsNonNullable(), value);
                    w.Line("writer.WriteEndObject();");
                }
                w.Line("break;");
                w.Indentation--;
            }
            w.Close();
            w.Close();
        }
    }
}
