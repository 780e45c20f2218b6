using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>Emits a C# enum with its exact wire names, a helper that maps them, and a converter.</summary>
    internal sealed class EnumEmitter
    {
        private const string Support = SupportSource.TypeName;
        private readonly SchemaFileModel _model;
        private readonly TypeSyntax _types;

        public EnumEmitter(SchemaFileModel model, TypeSyntax types)
        {
            _model = model;
            _types = types;
        }

        public SourceWriter Emit(EnumDefinition definition) => FileFrame.Write(_model.Namespace, w =>
        {
            string self = _types.Qualified(definition.Name);
            string helper = TypeSyntax.EnumHelperName(definition.Name);
            string converter = definition.Name + "JsonConverter";
            string expected = string.Join(", ", definition.Members.Select(m => m.WireName));

            w.Summary(definition.Description);
            w.Line(FileFrame.ConverterAttribute(converter, _model.Namespace));
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public enum {definition.Name}");
            foreach (var member in definition.Members)
            {
                w.Summary((member.Description is null ? "" : member.Description + "\n") + "Written as \""
                    + member.WireName + "\".");
                w.Line(member.MemberName + ",");
            }
            w.Close();
            w.Line();

            w.Summary($"The wire names of <see cref=\"{definition.Name}\"/>.");
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public static class {helper}");
            w.Summary("The exact string this value has in JSON and YAML documents.");
            w.Open($"public static string ToWireName(this {self} value) => value switch");
            foreach (var member in definition.Members)
                w.Line($"{self}.{member.MemberName} => {TypeSyntax.StringLiteral(member.WireName)},");
            w.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, "
                + $"\"not a {definition.Name}\"),");
            w.Close(";");
            w.Line();
            w.Summary("Maps a wire name (case-sensitive) back to its value.");
            w.Open($"public static bool TryParse(string? wireName, out {self} value)");
            w.Open("switch (wireName)");
            foreach (var member in definition.Members)
                w.Line($"case {TypeSyntax.StringLiteral(member.WireName)}: "
                    + $"value = {self}.{member.MemberName}; return true;");
            w.Line("default: value = default; return false;");
            w.Close();
            w.Close();
            w.Line();
            w.Open($"internal static {self} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader, string path)");
            w.Line($"string wireName = {Support}.ReadString(ref reader, path);");
            w.Line($"return TryParse(wireName, out var value) ? value : throw {Support}.Error(path, \"'\" + wireName "
                + $"+ \"' is not one of: {expected}\");");
            w.Close();
            w.Line();
            w.Line($"internal static void WriteJson(global::System.Text.Json.Utf8JsonWriter writer, {self} value) "
                + "=> writer.WriteStringValue(value.ToWireName());");
            w.Close();
            w.Line();
            FileFrame.WriteConverter(w, self, converter, $"{_types.Qualified(helper)}.ReadJson(ref reader, \"$\")",
                $"{_types.Qualified(helper)}.WriteJson(writer, value)");
        });
    }
}
