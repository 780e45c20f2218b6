using System;
using System.Globalization;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>C# spellings of model types, values and literals.</summary>
    internal sealed class TypeSyntax
    {
        private readonly SchemaFileModel _model;

        public TypeSyntax(SchemaFileModel model) => _model = model;

        public string Qualified(string name) => "global::" + _model.Namespace + "." + name;

        public string Of(TypeRef type)
        {
            string core = type.Kind switch
            {
                ValueKind.String => "string",
                ValueKind.Boolean => "bool",
                ValueKind.Int32 => "int",
                ValueKind.UInt32 => "uint",
                ValueKind.Int64 => "long",
                ValueKind.UInt64 => "ulong",
                ValueKind.Double => "double",
                ValueKind.DateTime => "global::System.DateTimeOffset",
                ValueKind.Json => "global::System.Text.Json.JsonElement",
                ValueKind.Named => Qualified(type.Name!),
                ValueKind.List => "global::System.Collections.Generic.IReadOnlyList<" + Of(type.Element!) + ">",
                ValueKind.Map =>
                    "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Of(type.Element!) + ">",
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            };
            return type.Nullable ? core + "?" : core;
        }

        public static string StringLiteral(string value)
        {
            var builder = new System.Text.StringBuilder("\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            builder.Append(c);
                        break;
                }
            }
            return builder.Append('"').ToString();
        }

        /// <summary>The C# expression of a schema default, for a property of the given type.</summary>
        public string Default(DefaultValue value, TypeRef type)
        {
            switch (value.Kind)
            {
                case DefaultKind.Null:
                    return "null";
                case DefaultKind.Boolean:
                case DefaultKind.Number:
                    return value.Text!;
                case DefaultKind.String:
                    if (type.Kind == ValueKind.Named && type.NamedKind == NamedKind.Enum)
                    {
                        var definition = (EnumDefinition)Find(type.Name!);
                        return Qualified(type.Name!) + "." + definition.Members.First(m => m.WireName == value.Text)
                            .MemberName;
                    }
                    return StringLiteral(value.Text!);
                case DefaultKind.EmptyArray:
                    return "[]";
                case DefaultKind.Object when type.Kind == ValueKind.Map:
                    return "new global::System.Collections.Generic.Dictionary<string, " + Of(type.Element!) + ">()";
                case DefaultKind.Object:
                    var record = (RecordDefinition)Find(type.Name!);
                    var members = value.Members.Select(member =>
                    {
                        var property = record.Properties.First(p => p.JsonName == member.JsonName);
                        return property.MemberName + " = " + Default(member.Value, property.Type);
                    });
                    return "new " + Qualified(type.Name!) + " { " + string.Join(", ", members) + " }";
                default:
                    throw new ArgumentOutOfRangeException(nameof(value));
            }
        }

        public TypeDefinition Find(string name) => _model.Types.First(t => t.Name == name);

        /// <summary>The helper class of an enum that knows its wire names.</summary>
        public static string EnumHelperName(string enumName) => enumName + "WireNames";
    }
}
