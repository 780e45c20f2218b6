using System.Globalization;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// Emits a validated digest value type: only Parse/TryParse make one, `default` is detectably invalid,
    /// equality is ordinal, and the JSON converter rejects bad values.
    /// </summary>
    internal sealed class DigestEmitter
    {
        private const string Support = SupportSource.TypeName;
        private readonly SchemaFileModel _model;
        private readonly TypeSyntax _types;

        public DigestEmitter(SchemaFileModel model, TypeSyntax types)
        {
            _model = model;
            _types = types;
        }

        public SourceWriter Emit(DigestDefinition digest) => FileFrame.Write(_model.Namespace, w =>
        {
            string name = digest.Name;
            string self = _types.Qualified(name);
            string converter = name + "JsonConverter";
            bool hasPrefix = digest.Prefix.Length > 0;
            string lengths = string.Join(" or ",
                digest.HexLengths.Select(l => l.ToString(CultureInfo.InvariantCulture)));

            w.Summary(digest.Description);
            w.Line(FileFrame.ConverterAttribute(converter, _model.Namespace));
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public readonly partial struct {name} : global::System.IEquatable<{self}>, "
                + $"global::System.IParsable<{self}>");
            if (hasPrefix)
            {
                w.Summary("The algorithm prefix.");
                w.Line($"public const string Prefix = {TypeSyntax.StringLiteral(digest.Prefix)};");
                w.Line();
            }
            w.Line("private readonly string? _value;");
            w.Line();
            w.Line($"private {name}(string value) => _value = value;");
            w.Line();
            w.Summary($"False for <c>default({name})</c>, which is not a valid digest.");
            w.Line("public bool IsInitialized => _value is not null;");
            w.Line();
            w.Summary("The digest exactly as written.");
            w.Line("public string Value => _value ?? throw new global::System.InvalidOperationException("
                + $"\"default({name}) is not a valid digest; create one with Parse or TryParse\");");
            w.Line();
            w.Summary("The hex digits alone.");
            w.Line(hasPrefix
                ? "public string Hex => Value.StartsWith(Prefix, global::System.StringComparison.Ordinal) "
                    + "? Value.Substring(Prefix.Length) : Value;"
                : "public string Hex => Value;");
            w.Line();
            if (hasPrefix && !digest.PrefixRequired)
            {
                w.Summary(
                    "True when the digest was written with its prefix; a bare hex form is kept as it was written.");
                w.Line("public bool HasPrefix => Value.StartsWith(Prefix, global::System.StringComparison.Ordinal);");
                w.Line();
            }
            if (digest.HexLengths.Count > 1)
            {
                w.Summary("The number of bytes the digest stands for (the hex length halved).");
                w.Line("public int ByteLength => Hex.Length / 2;");
                w.Line();
            }

            w.Summary("Parses a digest; throws FormatException with the reason when it is not valid.");
            w.Line($"public static {self} Parse(string value) => TryParse(value, out var digest, out string error) "
                + "? digest : throw new global::System.FormatException(error);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static {self} Parse(string s, global::System.IFormatProvider? provider) => Parse(s);");
            w.Line();
            w.Summary("Parses a digest; false when it is not valid.");
            w.Line("public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? "
                + $"value, out {self} digest) => TryParse(value, out digest, out _);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? "
                + $"s, global::System.IFormatProvider? provider, out {self} result) => TryParse(s, out result, "
                + "out _);");
            w.Line();
            w.Summary(
                "Validates <paramref name=\"value\"/>; on failure <paramref name=\"error\"/> says what is wrong.");
            w.Open($"public static bool TryParse(string? value, out {self} digest, out string error)");
            w.Line("digest = default;");
            w.Open("if (value is null)");
            w.Line($"error = \"a {name} cannot be null\";");
            w.Line("return false;");
            w.Close();
            w.Line("string hex = value;");
            if (hasPrefix)
            {
                w.Line("if (value.StartsWith(Prefix, global::System.StringComparison.Ordinal)) hex = "
                    + "value.Substring(Prefix.Length);");
                if (digest.PrefixRequired)
                {
                    w.Open("else");
                    w.Line($"error = \"'\" + Shorten(value) + \"' is not a valid {name}: it must start with "
                        + $"'{digest.Prefix}'\";");
                    w.Line("return false;");
                    w.Close();
                }
            }
            string lengthCheck = string.Join(" && ",
                digest.HexLengths.Select(l => "hex.Length != " + l.ToString(CultureInfo.InvariantCulture)));
            w.Open($"if ({lengthCheck})");
            w.Line($"error = \"'\" + Shorten(value) + \"' is not a valid {name}: expected {lengths} hex "
                + $"digits{(hasPrefix ? " after the prefix" : "")}, found \" "
                + "+ hex.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) "
                + "+ \" characters\";");
            w.Line("return false;");
            w.Close();
            w.Open("for (int i = 0; i < hex.Length; i++)");
            w.Line("char c = hex[i];");
            w.Open("if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))");
            w.Line($"error = \"'\" + Shorten(value) + \"' is not a valid {name}: '\" + c + \"' at index \" "
                + "+ (value.Length - hex.Length + i)"
                + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture) "
                + "+ \" is not a lowercase hex digit\";");
            w.Line("return false;");
            w.Close();
            w.Close();
            w.Line($"digest = new {self}(value);");
            w.Line("error = \"\";");
            w.Line("return true;");
            w.Close();
            w.Line();
            w.Line("private static string Shorten(string value) "
                + "=> value.Length <= 140 ? value : value.Substring(0, 137) + \"...\";");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public bool Equals({self} other) => string.Equals(_value, other._value, "
                + "global::System.StringComparison.Ordinal);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public override bool Equals(object? obj) => obj is {self} other && Equals(other);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public override int GetHashCode() => _value is null ? 0 : "
                + "global::System.StringComparer.Ordinal.GetHashCode(_value);");
            w.Line();
            w.Summary("Ordinal equality of the digests as written.");
            w.Line($"public static bool operator ==({self} left, {self} right) => left.Equals(right);");
            w.Line();
            w.Summary("Ordinal inequality of the digests as written.");
            w.Line($"public static bool operator !=({self} left, {self} right) => !left.Equals(right);");
            w.Line();
            w.Summary("The digest as written; an uninitialized value shows as \"(invalid default)\".");
            w.Line("public override string ToString() => _value ?? \"(invalid default)\";");
            w.Line();
            w.Open($"internal static {self} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader, string path)");
            w.Line($"string text = {Support}.ReadString(ref reader, path);");
            w.Line("return TryParse(text, out var digest, out string error) "
                + $"? digest : throw {Support}.Error(path, error);");
            w.Close();
            w.Line();
            w.Open("internal void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
            w.Line("if (_value is null) throw new global::System.Text.Json.JsonException("
                + $"\"default({name}) is not a valid digest and cannot be written\");");
            w.Line("writer.WriteStringValue(_value);");
            w.Close();
            w.Close();
            w.Line();

            // Used where our readers do not drive (a digest inside someone else's type): System.Text.Json then puts
            // the JSON path into the message itself, and the reason is the inner exception.
            w.Line(FileFrame.GeneratedCode);
            w.Open($"internal sealed class {converter} : global::System.Text.Json.Serialization.JsonConverter<{self}>");
            w.Open($"public override {self} Read(ref global::System.Text.Json.Utf8JsonReader reader, "
                + "global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
            w.Line("if (reader.TokenType != global::System.Text.Json.JsonTokenType.String) "
                + "throw new global::System.Text.Json.JsonException(null, "
                + "new global::System.FormatException(\"expected a string\"));");
            w.Line($"return {self}.TryParse(reader.GetString(), out var digest, out string error) ? digest : throw new "
                + "global::System.Text.Json.JsonException(null, new global::System.FormatException(error));");
            w.Close();
            w.Line();
            w.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {self} value, "
                + "global::System.Text.Json.JsonSerializerOptions options) => value.WriteJson(writer);");
            w.Close();
        });
    }
}
