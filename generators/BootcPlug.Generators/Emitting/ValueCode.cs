using System;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>Reads and writes one JSON value of a given <see cref="TypeRef"/> in generated code.</summary>
    internal sealed class ValueCode
    {
        private const string Support = SupportSource.TypeName;
        private const string Reader = "global::System.Text.Json.Utf8JsonReader";
        private readonly TypeSyntax _types;

        public ValueCode(TypeSyntax types) => _types = types;

        /// <summary>An expression that reads the value the reader is on.</summary>
        public string Read(TypeRef type, string reader, string path, int depth = 0)
        {
            string core = ReadNonNull(type.AsNonNullable(), reader, path, depth);
            if (!type.Nullable) return core;
            return $"{reader}.TokenType == global::System.Text.Json.JsonTokenType.Null ? default({_types.Of(type)}) "
                + $": {core}";
        }

        private string ReadNonNull(TypeRef type, string reader, string path, int depth)
        {
            switch (type.Kind)
            {
                case ValueKind.String: return $"{Support}.ReadString(ref {reader}, {path})";
                case ValueKind.Boolean: return $"{Support}.ReadBoolean(ref {reader}, {path})";
                case ValueKind.Int32: return $"{Support}.ReadInt32(ref {reader}, {path})";
                case ValueKind.UInt32: return $"{Support}.ReadUInt32(ref {reader}, {path})";
                case ValueKind.Int64: return $"{Support}.ReadInt64(ref {reader}, {path})";
                case ValueKind.UInt64: return $"{Support}.ReadUInt64(ref {reader}, {path})";
                case ValueKind.Double: return $"{Support}.ReadDouble(ref {reader}, {path})";
                case ValueKind.DateTime: return $"{Support}.ReadDateTime(ref {reader}, {path})";
                case ValueKind.Json: return $"{Support}.ReadJson(ref {reader})";
                case ValueKind.Named when type.NamedKind == NamedKind.Enum:
                    return $"{_types.Qualified(TypeSyntax.EnumHelperName(type.Name!))}.ReadJson(ref {reader}, {path})";
                case ValueKind.Named:
                    return $"{_types.Qualified(type.Name!)}.ReadJson(ref {reader}, {path})";
                case ValueKind.List:
                case ValueKind.Map:
                    string method = type.Kind == ValueKind.List ? "ReadList" : "ReadMap";
                    string innerReader = "r" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    string innerPath = "p" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    string item = Read(type.Element!, innerReader, innerPath, depth + 1);
                    return $"{Support}.{method}<{_types.Of(type.Element!)}>(ref {reader}, {path}, "
                        + $"static (ref {Reader} {innerReader}, string {innerPath}) => {item})";
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }

        /// <summary>Statements that write <paramref name="value"/> with `writer`.</summary>
        public void Write(SourceWriter w, TypeRef type, string value, int depth = 0)
        {
            if (type.Nullable)
            {
                w.Open($"if ({value} is null)").Line("writer.WriteNullValue();").Close();
                w.Open("else");
                Write(w, type.AsNonNullable(), type.IsValueType ? value + ".Value" : value, depth);
                w.Close();
                return;
            }

            string suffix = depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (type.Kind)
            {
                case ValueKind.String: w.Line($"writer.WriteStringValue({value});"); break;
                case ValueKind.Boolean: w.Line($"writer.WriteBooleanValue({value});"); break;
                case ValueKind.Int32:
                case ValueKind.UInt32:
                case ValueKind.Int64:
                case ValueKind.UInt64:
                case ValueKind.Double: w.Line($"writer.WriteNumberValue({value});"); break;
                case ValueKind.DateTime: w.Line($"{Support}.WriteDateTime(writer, {value});"); break;
                case ValueKind.Json: w.Line($"{value}.WriteTo(writer);"); break;
                case ValueKind.Named when type.NamedKind == NamedKind.Enum:
                    w.Line($"{_types.Qualified(TypeSyntax.EnumHelperName(type.Name!))}.WriteJson(writer, {value});");
                    break;
                case ValueKind.Named: w.Line($"{value}.WriteJson(writer);"); break;
                case ValueKind.List:
                    w.Line("writer.WriteStartArray();");
                    w.Open($"foreach (var item{suffix} in {value})");
                    Write(w, type.Element!, "item" + suffix, depth + 1);
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    break;
                case ValueKind.Map:
                    w.Line("writer.WriteStartObject();");
                    w.Open($"foreach (var pair{suffix} in {value})");
                    w.Line($"writer.WritePropertyName(pair{suffix}.Key);");
                    Write(w, type.Element!, $"pair{suffix}.Value", depth + 1);
                    w.Close();
                    w.Line("writer.WriteEndObject();");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }
    }
}
