using BootcPlug.Generators.Helpers;

namespace BootcPlug.Generators.Model
{
    /// <summary>A C# type to emit, declared by a schema's root or one of its definitions.</summary>
    internal abstract record TypeDefinition(string Name, string? Description);

    /// <summary>A JSON object: a sealed record with one property per schema property.</summary>
    internal sealed record RecordDefinition(
        string Name,
        string? Description,
        EquatableArray<PropertyDefinition> Properties,
        bool AllowsAdditionalProperties) : TypeDefinition(Name, Description);

    /// <summary>When a property is left out of the written document.</summary>
    internal enum OmitRule
    {
        Never,
        WhenNull,
        WhenEmpty,
    }

    internal sealed record PropertyDefinition(
        string JsonName,
        string MemberName,
        string? Description,
        TypeRef Type,
        bool Required,
        DefaultValue? Default,
        OmitRule Omit);

    internal enum DefaultKind
    {
        Null,
        Boolean,
        String,
        Number,
        Object,
        EmptyArray,
    }

    /// <summary>
    /// A schema `default`, kept as data; the emitter turns it into a C# expression of the property's type.
    /// </summary>
    internal sealed record DefaultValue(DefaultKind Kind, string? Text, EquatableArray<DefaultMember> Members);

    internal sealed record DefaultMember(string JsonName, DefaultValue Value);

    /// <summary>A string enum, from `enum` or from a `oneOf` of `const` strings.</summary>
    internal sealed record EnumDefinition(string Name, string? Description, EquatableArray<EnumMember> Members)
        : TypeDefinition(Name, Description);

    internal sealed record EnumMember(string WireName, string MemberName, string? Description);

    /// <summary>A validated digest string: an optional or required prefix and hex digits of fixed lengths.</summary>
    internal sealed record DigestDefinition(
        string Name,
        string? Description,
        string Format,
        string Prefix,
        bool PrefixRequired,
        EquatableArray<int> HexLengths) : TypeDefinition(Name, Description);

    /// <summary>An externally tagged union: `oneOf` of `const` strings and single-property objects.</summary>
    internal sealed record UnionDefinition(string Name, string? Description, EquatableArray<UnionVariant> Variants)
        : TypeDefinition(Name, Description);

    /// <summary>One case of a union; <see cref="Payload"/> is null for a bare string case.</summary>
    internal sealed record UnionVariant(string WireName, string MemberName, string? Description, TypeRef? Payload);

    /// <summary>Everything emitted for one schema file.</summary>
    internal sealed record SchemaFileModel(
        string FileName,
        string Namespace,
        string ContextName,
        string RootTypeName,
        EquatableArray<TypeDefinition> Types,
        ValidatorModel? Validator);
}
