using System;
using System.Collections.Generic;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// Turns one schema's model into generated files: one per type, the serializer context and the validator.
    /// </summary>
    internal static class SchemaEmitter
    {
        public static IEnumerable<(string HintName, SourceWriter Source)> Emit(SchemaFileModel model)
        {
            var types = new TypeSyntax(model);
            var values = new ValueCode(types);
            var equality = new EqualityEmitter(types);
            var records = new RecordEmitter(model, types, values, equality);
            var enums = new EnumEmitter(model, types);
            var unions = new UnionEmitter(model, types, values, equality);
            var digests = new DigestEmitter(model, types);

            foreach (var type in model.Types)
            {
                SourceWriter source = type switch
                {
                    RecordDefinition record => records.Emit(record),
                    EnumDefinition enumeration => enums.Emit(enumeration),
                    UnionDefinition union => unions.Emit(union),
                    DigestDefinition digest => digests.Emit(digest),
                    _ => throw new InvalidOperationException("unknown definition " + type.GetType().Name),
                };
                yield return ($"{model.ContextName}.{type.Name}.g.cs", source);
            }
            yield return ($"{model.ContextName}.g.cs", new ContextEmitter(model, types).Emit());
            if (model.Validator is not null)
                yield return ($"{model.Validator.ClassName}.g.cs", new ValidatorEmitter(model, model.Validator).Emit());
        }
    }
}
