using System.Collections.Generic;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>A member that takes part in a generated record's equality.</summary>
    internal readonly struct EqualityMember
    {
        public EqualityMember(string name, TypeRef type)
        {
            Name = name;
            Type = type;
        }

        public string Name { get; }
        public TypeRef Type { get; }
    }

    /// <summary>
    /// Replaces a record's compiler-made Equals and GetHashCode when one of its members is a list, a dictionary or a
    /// raw JSON value, whose own equality is by reference: those members are compared by content through the
    /// comparers of <see cref="EqualitySupportSource"/>, every other member as the compiler would.
    /// </summary>
    internal sealed class EqualityEmitter
    {
        private const string Equality = EqualitySupportSource.TypeName;
        private const string Comparer = "global::System.Collections.Generic.IEqualityComparer";
        private readonly TypeSyntax _types;

        public EqualityEmitter(TypeSyntax types) => _types = types;

        /// <summary>True when the compiler-made equality would compare some member by reference.</summary>
        public static bool NeedsValueEquality(TypeRef type) =>
            type.Kind == ValueKind.List || type.Kind == ValueKind.Map || type.Kind == ValueKind.Json;

        public void Emit(SourceWriter w, string self, IReadOnlyList<EqualityMember> members)
        {
            if (!members.Any(m => NeedsValueEquality(m.Type))) return;

            foreach (var member in members.Where(m => NeedsValueEquality(m.Type)))
            {
                // The comparers take null for every reference type, so one field type fits both nullabilities.
                TypeRef compared = member.Type.IsValueType ? member.Type : member.Type.AsNullable();
                w.Line($"private static readonly {Comparer}<{_types.Of(compared)}> {FieldName(member)} = "
                    + $"{ComparerOf(member.Type)};");
            }
            w.Line();

            w.Summary("Whether the other record holds the same values: lists element by element and in "
                + "order, dictionaries by their keys and the value under each key, JSON values by content.");
            w.Open($"public bool Equals({self}? other)");
            w.Line("if (other is null) return false;");
            w.Line("if ((object)this == other) return true;");
            var comparisons = members.Select(m => NeedsValueEquality(m.Type)
                ? $"{FieldName(m)}.Equals({m.Name}, other.{m.Name})"
                : $"global::System.Collections.Generic.EqualityComparer<{_types.Of(m.Type)}>.Default"
                    + $".Equals({m.Name}, other.{m.Name})").ToList();
            for (int i = 0; i < comparisons.Count; i++)
            {
                string prefix = i == 0 ? "return " : "    && ";
                string suffix = i == comparisons.Count - 1 ? ";" : "";
                w.Line(prefix + comparisons[i] + suffix);
            }
            w.Close();
            w.Line();

            w.Summary("A hash code that agrees with Equals: equal records have equal hash codes.");
            w.Open("public override int GetHashCode()");
            w.Line("var hash = new global::System.HashCode();");
            foreach (var member in members)
            {
                w.Line(NeedsValueEquality(member.Type)
                    ? $"hash.Add({member.Name}, {FieldName(member)});"
                    : $"hash.Add({member.Name});");
            }
            w.Line("return hash.ToHashCode();");
            w.Close();
            w.Line();
        }

        /// <summary>Lower camel case, so it never meets a member name, which the parser makes Pascal case.</summary>
        private static string FieldName(EqualityMember member) => "equalityOf" + member.Name;

        private string ComparerOf(TypeRef type)
        {
            switch (type.Kind)
            {
                case ValueKind.List:
                    return $"{Equality}.ListOf({ComparerOf(type.Element!)})";
                case ValueKind.Map:
                    return $"{Equality}.MapOf({ComparerOf(type.Element!)})";
                case ValueKind.Json:
                    return type.Nullable ? $"{Equality}.NullableOf({Equality}.Json)" : $"{Equality}.Json";
                default:
                    return $"{Equality}.Default<{_types.Of(type)}>()";
            }
        }
    }
}
