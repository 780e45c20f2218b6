using System.Collections.Generic;
using System.Linq;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// What the emitter needs to know about a subschema as a whole, following its `$ref`s: which JSON types it can
    /// take at all, and whether it is a fixed list of values. Used to tell which anyOf/oneOf case a value meant.
    /// </summary>
    internal sealed class ValidationFacts
    {
        private const JsonTypes AllTypes = JsonTypes.Null | JsonTypes.Boolean | JsonTypes.Object | JsonTypes.Array
            | JsonTypes.Number | JsonTypes.Integer | JsonTypes.String;

        private readonly ValidatorModel _validator;

        public ValidationFacts(ValidatorModel validator) => _validator = validator;

        public JsonTypes TypesOfAll(IEnumerable<int> nodes) =>
            nodes.Aggregate(JsonTypes.Any, (types, node) => types | TypesOf(node));

        /// <summary>
        /// The JSON types a value may have to pass the node (a superset: other keywords may still fail).
        /// </summary>
        public JsonTypes TypesOf(int nodeId) => TypesOf(nodeId, new HashSet<int>());

        private JsonTypes TypesOf(int nodeId, HashSet<int> visiting)
        {
            if (!visiting.Add(nodeId)) return AllTypes;
            var node = _validator.Nodes[nodeId];
            if (node.RejectsEverything) return JsonTypes.Any;
            JsonTypes types = node.Types == JsonTypes.Any ? AllTypes : Widen(node.Types);
            if (node.Const is not null) types &= TypeOfJson(node.Const);
            if (node.Enum is { } values) types &= values.Aggregate(JsonTypes.Any, (t, v) => t | TypeOfJson(v));
            if (node.Ref >= 0) types &= TypesOf(node.Ref, visiting);
            foreach (int part in node.AllOf) types &= TypesOf(part, visiting);
            if (node.AnyOf.Count > 0)
                types &= node.AnyOf.Aggregate(JsonTypes.Any, (t, c) => t | TypesOf(c, new HashSet<int>(visiting)));
            if (node.OneOf.Count > 0)
                types &= node.OneOf.Aggregate(JsonTypes.Any, (t, c) => t | TypesOf(c, new HashSet<int>(visiting)));
            visiting.Remove(nodeId);
            return types;
        }

        /// <summary>A value of type number may be integral too, so "number" takes integers.</summary>
        private static JsonTypes Widen(JsonTypes types) =>
            (types & JsonTypes.Number) != 0 ? types | JsonTypes.Integer : types;

        private static JsonTypes TypeOfJson(string json)
        {
            switch (json.Length == 0 ? ' ' : json[0])
            {
                case '"': return JsonTypes.String;
                case '{': return JsonTypes.Object;
                case '[': return JsonTypes.Array;
                case 'n': return JsonTypes.Null;
                case 't':
                case 'f': return JsonTypes.Boolean;
                default: return JsonTypes.Number | JsonTypes.Integer;
            }
        }

        /// <summary>
        /// The values the cases allow, when every case is a `const` or `enum` (via $ref too); else null.
        /// </summary>
        public List<string>? ConstantsOfAll(IEnumerable<int> nodes)
        {
            var all = new List<string>();
            foreach (int node in nodes)
            {
                var values = ConstantsOf(node, new HashSet<int>());
                if (values is null) return null;
                all.AddRange(values);
            }
            return all.Distinct().ToList();
        }

        /// <summary>
        /// What the cases allow, as an error message says it: their fixed values, then the types of the other cases
        /// (`"containerPolicy", "insecure" or object`); null when no case is a fixed list of values.
        /// </summary>
        public string? DescribeAllowed(IReadOnlyList<int> cases)
        {
            var constants = new List<string>();
            var others = new List<int>();
            foreach (int c in cases)
            {
                var values = ConstantsOf(c, new HashSet<int>());
                if (values is null) others.Add(c);
                else constants.AddRange(values);
            }
            if (constants.Count == 0) return null;
            string text = string.Join(", ", constants.Distinct());
            return others.Count == 0 ? text : text + " or " + TypeNames(TypesOfAll(others));
        }

        private List<string>? ConstantsOf(int nodeId, HashSet<int> visiting)
        {
            if (!visiting.Add(nodeId)) return null;
            var node = _validator.Nodes[nodeId];
            if (node.Const is not null) return new List<string> { node.Const };
            if (node.Enum is { } values) return values.ToList();
            if (node.Ref >= 0) return ConstantsOf(node.Ref, visiting);
            if (node.OneOf.Count > 0) return ConstantsOfAll(node.OneOf);
            if (node.AnyOf.Count > 0) return ConstantsOfAll(node.AnyOf);
            return null;
        }

        public static string TypeNames(JsonTypes types)
        {
            var names = new List<string>();
            if ((types & JsonTypes.Object) != 0) names.Add("object");
            if ((types & JsonTypes.Array) != 0) names.Add("array");
            if ((types & JsonTypes.String) != 0) names.Add("string");
            if ((types & JsonTypes.Number) != 0) names.Add("number");
            else if ((types & JsonTypes.Integer) != 0) names.Add("integer");
            if ((types & JsonTypes.Boolean) != 0) names.Add("boolean");
            if ((types & JsonTypes.Null) != 0) names.Add("null");
            if (names.Count == 0) return "nothing";
            return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names.Last();
        }

        public static string DigestShape(DigestRule digest)
        {
            string hex = string.Join(" or ", digest.HexLengths) + " lowercase hex digits";
            if (digest.Prefix.Length == 0) return hex;
            return (digest.PrefixRequired ? digest.Prefix + " and " : "an optional " + digest.Prefix + " and ") + hex;
        }
    }
}
