using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// Emits a JsonSerializerContext over the generated converters, so that serialization with System.Text.Json
    /// needs no reflection: `JsonSerializer.Serialize(host, HostV1JsonContext.Default.Host)`.
    /// </summary>
    internal sealed class ContextEmitter
    {
        private readonly SchemaFileModel _model;
        private readonly TypeSyntax _types;

        public ContextEmitter(SchemaFileModel model, TypeSyntax types)
        {
            _model = model;
            _types = types;
        }

        public SourceWriter Emit() => FileFrame.Write(_model.Namespace, w =>
        {
            string context = _model.ContextName;
            var types = _model.Types.ToList();

            w.Summary($"Reflection-free System.Text.Json metadata for the types generated from {_model.FileName}.");
            w.Line(FileFrame.GeneratedCode);
            w.Open($"public sealed partial class {context} : "
                + "global::System.Text.Json.Serialization.JsonSerializerContext");
            w.Line($"private static {_types.Qualified(context)}? s_default;");
            w.Line();
            w.Summary("A context with default options.");
            w.Line($"public static {_types.Qualified(context)} Default "
                + $"=> s_default ??= new {_types.Qualified(context)}(new "
                + "global::System.Text.Json.JsonSerializerOptions());");
            w.Line();
            w.Summary("A context bound to the given options, which become read-only.");
            w.Line($"public {context}(global::System.Text.Json.JsonSerializerOptions options) : base(options) {{ }}");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions "
                + "=> null;");
            foreach (var type in types)
            {
                string qualified = _types.Qualified(type.Name);
                string converter = _types.Qualified(type.Name + "JsonConverter");
                w.Line();
                w.Line($"private global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{qualified}>? "
                    + $"_{type.Name};");
                w.Line();
                w.Summary($"Metadata for <see cref=\"{qualified}\"/>.");
                w.Line($"public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{qualified}> "
                    + $"{type.Name} =>");
                w.Line($"    _{type.Name} ??= "
                    + "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices"
                    + $".CreateValueInfo<{qualified}>(Options, new {converter}());");
            }
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? "
                + "GetTypeInfo(global::System.Type type)");
            foreach (var type in types)
                w.Line($"if (type == typeof({_types.Qualified(type.Name)})) return {type.Name};");
            w.Line("return null;");
            w.Close();
            w.Close();
        });
    }
}
