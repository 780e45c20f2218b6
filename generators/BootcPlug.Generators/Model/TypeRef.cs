namespace BootcPlug.Generators.Model
{
    internal enum ValueKind
    {
        String,
        Boolean,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Double,
        DateTime,
        /// <summary>Any JSON value, kept as a JsonElement.</summary>
        Json,
        /// <summary>A type declared in the schema's definitions.</summary>
        Named,
        List,
        Map,
    }

    internal enum NamedKind
    {
        None,
        Record,
        Enum,
        Digest,
        Union,
    }

    /// <summary>How a JSON value maps onto a C# type. Value-equatable, holds no Roslyn object.</summary>
    internal sealed record TypeRef(ValueKind Kind, string? Name, NamedKind NamedKind, TypeRef? Element, bool Nullable)
    {
        public static TypeRef Of(ValueKind kind) => new TypeRef(kind, null, NamedKind.None, null, false);

        public static TypeRef Named(string name, NamedKind kind) =>
            new TypeRef(ValueKind.Named, name, kind, null, false);

        public static TypeRef ListOf(TypeRef element) =>
            new TypeRef(ValueKind.List, null, NamedKind.None, element, false);

        public static TypeRef MapOf(TypeRef element) =>
            new TypeRef(ValueKind.Map, null, NamedKind.None, element, false);

        public TypeRef AsNullable() => this with { Nullable = true };

        public TypeRef AsNonNullable() => this with { Nullable = false };

        /// <summary>True when the C# type is a struct, so that nullability needs Nullable&lt;T&gt;.</summary>
        public bool IsValueType => Kind switch
        {
            ValueKind.Boolean or ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64
                or ValueKind.Double or ValueKind.DateTime or ValueKind.Json => true,
            ValueKind.Named => NamedKind == NamedKind.Enum || NamedKind == NamedKind.Digest,
            _ => false,
        };
    }
}
