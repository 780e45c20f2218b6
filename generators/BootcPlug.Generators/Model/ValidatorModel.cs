using System;
using BootcPlug.Generators.Helpers;

namespace BootcPlug.Generators.Model
{
    /// <summary>The JSON types a `type` keyword allows; none set means any type.</summary>
    [Flags]
    internal enum JsonTypes
    {
        Any = 0,
        Null = 1,
        Boolean = 2,
        Object = 4,
        Array = 8,
        Number = 16,
        Integer = 32,
        String = 64,
    }

    /// <summary>A digest `format` the validator checks: an optional or required prefix and hex digits.</summary>
    internal sealed record DigestRule(string Format, string Prefix, bool PrefixRequired,
        EquatableArray<int> HexLengths);

    internal sealed record PropertyRule(string JsonName, int Node);

    /// <summary>A numeric bound: the schema's number as written, and whether the bound itself is excluded.</summary>
    internal sealed record NumberBound(string Text, bool Exclusive);

    /// <summary>
    /// One subschema as the validator checks it. Subschemas refer to each other by <see cref="Id"/> (an index into
    /// <see cref="ValidatorModel.Nodes"/>), so that recursive `$ref`s need no cycles in the model. An absent
    /// <see cref="AdditionalProperties"/>, <see cref="Items"/> or <see cref="Ref"/> is -1.
    /// </summary>
    internal sealed record ValidationNode(
        int Id,
        string Pointer,
        bool RejectsEverything,
        JsonTypes Types,
        EquatableArray<string>? Enum,
        string? Const,
        string? Pattern,
        DigestRule? Digest,
        NumberBound? Minimum,
        NumberBound? Maximum,
        EquatableArray<PropertyRule> Properties,
        EquatableArray<string> Required,
        bool ForbidsAdditionalProperties,
        int AdditionalProperties,
        int Items,
        int Ref,
        EquatableArray<int> AllOf,
        EquatableArray<int> AnyOf,
        EquatableArray<int> OneOf);

    /// <summary>The validator emitted for one schema file; <see cref="Root"/> checks a whole document.</summary>
    internal sealed record ValidatorModel(string ClassName, bool IsPublic, int Root,
        EquatableArray<ValidationNode> Nodes);
}
