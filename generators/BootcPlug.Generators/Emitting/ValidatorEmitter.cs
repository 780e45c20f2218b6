using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BootcPlug.Generators.Model;
using BootcPlug.Generators.Parsing;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>
    /// Emits the validator of one schema: a static class with one check method per subschema, walking a
    /// JsonElement and recording every error with its JSON path (`$.status.booted.image.imageDigest: ...`).
    /// </summary>
    internal sealed class ValidatorEmitter
    {
        private const string Element = "global::System.Text.Json.JsonElement";
        private const string Kind = "global::System.Text.Json.JsonValueKind";
        private const string State = ValidationSupportSource.StateName;
        private const string Helpers = ValidationSupportSource.HelpersName;
        private const string Regex = "global::System.Text.RegularExpressions.Regex";
        private const string ErrorList = "global::System.Collections.Generic.List<(string Path, string Message)>";

        private readonly SchemaFileModel _model;
        private readonly ValidatorModel _validator;
        private readonly ValidationFacts _facts;

        public ValidatorEmitter(SchemaFileModel model, ValidatorModel validator)
        {
            _model = model;
            _validator = validator;
            _facts = new ValidationFacts(validator);
        }

        public SourceWriter Emit() => FileFrame.Write(_model.Namespace, w =>
        {
            string access = _validator.IsPublic ? "public" : "internal";
            w.Summary($"Checks documents against {_model.FileName}: every error, each with its JSON path.");
            w.Line(FileFrame.GeneratedCode);
            w.Open($"{access} static partial class {_validator.ClassName}");
            w.Summary("Every way the document breaks the schema, in document order; empty when it is valid.");
            w.Line("public static global::System.Collections.Generic.IReadOnlyList<(string Path, string Message)> "
                + $"Validate({Element} document)");
            w.Line("{");
            w.Line($"    var errors = new {ErrorList}();");
            w.Line($"    Check{_validator.Root}(document, new {State}(errors));");
            w.Line("    return errors;");
            w.Line("}");
            w.Line();
            w.Summary("Whether the document is valid; stops at the first error.");
            w.Line($"public static bool IsValid({Element} document) => "
                + $"Check{_validator.Root}(document, {State}.Quiet);");
            foreach (var node in _validator.Nodes) EmitNode(w, node);
            w.Close();
        });

        private void EmitNode(SourceWriter w, ValidationNode node)
        {
            int id = node.Id;
            w.Line();
            if (node.Pattern is not null) w.Line($"private static {Regex}? s_pattern{id};");
            var constants = NonStringConstants(node);
            for (int i = 0; i < constants.Count; i++)
                w.Line($"private static readonly {Element} s_value{id}_{i} = "
                    + $"{Helpers}.Constant({TypeSyntax.StringLiteral(constants[i])});");
            w.Line($"// #{node.Pointer}");
            w.Open($"private static bool Check{id}({Element} value, {State} state)");
            if (node.RejectsEverything)
            {
                w.Line("state.Fail(\"no value is allowed here (false schema)\");");
                w.Line("return false;");
                w.Close();
                return;
            }
            w.Line("bool valid = true;");
            if (node.Types != JsonTypes.Any)
            {
                w.Open($"if (({Helpers}.TypesOf(value) & {(int)node.Types}) == 0)");
                w.Line($"state.Fail(\"expected {ValidationFacts.TypeNames(node.Types)}, found \" + "
                    + $"{Helpers}.TypeName(value) + \" (type)\");");
                w.Line("return false;");
                w.Close();
            }
            if (node.Const is not null)
                EmitFailure(w, "!(" + EqualsAny(node, new[] { node.Const }) + ")",
                    Quote("expected " + node.Const + ", found ") + $" + {Helpers}.Show(value) + \" (const)\"");
            if (node.Enum is { } values)
                EmitFailure(w, "!(" + EqualsAny(node, values.ToList()) + ")",
                    Quote("expected one of " + string.Join(", ", values) + ", found ")
                    + $" + {Helpers}.Show(value) + \" (enum)\"");
            EmitString(w, node);
            EmitBounds(w, node);
            EmitObject(w, node);
            if (node.Items >= 0)
            {
                w.Open($"if (value.ValueKind == {Kind}.Array)");
                w.Line("int index = 0;");
                w.Open("foreach (var item in value.EnumerateArray())");
                w.Line("state.Enter(index++);");
                w.Line($"bool itemValid = Check{node.Items}(item, state);");
                w.Line("state.Leave();");
                EmitChildResult(w, "itemValid");
                w.Close();
                w.Close();
            }
            if (node.Ref >= 0) EmitChildResult(w, $"Check{node.Ref}(value, state)");
            foreach (int part in node.AllOf) EmitChildResult(w, $"Check{part}(value, state)");
            if (node.AnyOf.Count > 0) EmitAlternatives(w, node.AnyOf, exactlyOne: false);
            if (node.OneOf.Count > 0) EmitAlternatives(w, node.OneOf, exactlyOne: true);
            w.Line("return valid;");
            w.Close();
        }

        private static void EmitFailure(SourceWriter w, string condition, string message)
        {
            w.Open($"if ({condition})");
            w.Line("valid = false;");
            w.Line($"if (!state.Fail({message})) return false;");
            w.Close();
        }

        private static void EmitChildResult(SourceWriter w, string check)
        {
            w.Open($"if (!{check})");
            w.Line("valid = false;");
            w.Line("if (!state.Collecting) return false;");
            w.Close();
        }

        private void EmitString(SourceWriter w, ValidationNode node)
        {
            if (node.Pattern is null && node.Digest is null) return;
            w.Open($"if (value.ValueKind == {Kind}.String)");
            w.Line("string text = value.GetString()!;");
            string? elseIf = null;
            if (node.Pattern is not null)
            {
                string dotNet = EcmaPattern.ToDotNet(node.Pattern);
                EmitFailure(w, $"!{Helpers}.Pattern(ref s_pattern{node.Id}, {TypeSyntax.StringLiteral(dotNet)})"
                    + ".IsMatch(text)",
                    $"{Helpers}.Show(value) + " + Quote(" does not match the pattern " + node.Pattern + " (pattern)"));
                elseIf = "else ";
            }
            if (node.Digest is DigestRule digest)
            {
                int first = digest.HexLengths.Count > 0 ? digest.HexLengths[0] : 64;
                int second = digest.HexLengths.Count > 1 ? digest.HexLengths[1] : first;
                string condition = $"!{Helpers}.IsDigest(text, {TypeSyntax.StringLiteral(digest.Prefix)}, "
                    + $"{(digest.PrefixRequired ? "true" : "false")}, {first}, {second})";
                // One report per value: a digest that breaks its pattern is not reported twice.
                if (elseIf is not null) w.Line("else");
                EmitFailure(w, condition, $"{Helpers}.Show(value) + "
                    + Quote($" is not a valid {digest.Format}: {ValidationFacts.DigestShape(digest)} (format)"));
            }
            w.Close();
        }

        private static void EmitBounds(SourceWriter w, ValidationNode node)
        {
            if (node.Minimum is null && node.Maximum is null) return;
            w.Open($"if (value.ValueKind == {Kind}.Number)");
            if (node.Minimum is NumberBound min)
                EmitFailure(w, $"{Helpers}.Compare(value, {Double(min.Text)}) {(min.Exclusive ? "<=" : "<")} 0",
                    $"{Helpers}.Show(value) + "
                    + Quote((min.Exclusive ? " is not greater than " : " is less than the minimum ") + min.Text
                        + (min.Exclusive ? " (exclusiveMinimum)" : " (minimum)")));
            if (node.Maximum is NumberBound max)
                EmitFailure(w, $"{Helpers}.Compare(value, {Double(max.Text)}) {(max.Exclusive ? ">=" : ">")} 0",
                    $"{Helpers}.Show(value) + "
                    + Quote((max.Exclusive ? " is not less than " : " is more than the maximum ") + max.Text
                        + (max.Exclusive ? " (exclusiveMaximum)" : " (maximum)")));
            w.Close();
        }

        private static void EmitObject(SourceWriter w, ValidationNode node)
        {
            bool checksMembers = node.Properties.Count > 0 || node.ForbidsAdditionalProperties
                || node.AdditionalProperties >= 0;
            if (node.Required.Count == 0 && !checksMembers) return;
            w.Open($"if (value.ValueKind == {Kind}.Object)");
            foreach (string name in node.Required)
                EmitFailure(w, $"!value.TryGetProperty({TypeSyntax.StringLiteral(name)}, out _)",
                    Quote($"the required member '{name}' is missing (required)"));
            if (checksMembers)
            {
                w.Open("foreach (var member in value.EnumerateObject())");
                w.Line("state.Enter(member.Name);");
                w.Line("bool memberValid;");
                w.Open("switch (member.Name)");
                foreach (var property in node.Properties)
                {
                    w.Line($"case {TypeSyntax.StringLiteral(property.JsonName)}:");
                    w.Line($"    memberValid = Check{property.Node}(member.Value, state);");
                    w.Line("    break;");
                }
                w.Line("default:");
                if (node.ForbidsAdditionalProperties)
                    w.Line("    memberValid = state.Fail(\"the member '\" + member.Name + \"' is not allowed here "
                        + "(additionalProperties: false)\") && false;");
                else if (node.AdditionalProperties >= 0)
                    w.Line($"    memberValid = Check{node.AdditionalProperties}(member.Value, state);");
                else
                    w.Line("    memberValid = true;");
                w.Line("    break;");
                w.Close();
                w.Line("state.Leave();");
                EmitChildResult(w, "memberValid");
                w.Close();
            }
            w.Close();
        }

        /// <summary>
        /// anyOf/oneOf: each case is tried quietly; when none fits and exactly one case takes the value's type, its
        /// errors are the ones reported (the case that was meant); otherwise one line says what was expected.
        /// </summary>
        private void EmitAlternatives(SourceWriter w, IReadOnlyList<int> cases, bool exactlyOne)
        {
            string keyword = exactlyOne ? "oneOf" : "anyOf";
            w.Line("{");
            w.Indentation++;
            w.Line("int matches = 0;");
            foreach (int c in cases)
            {
                if (exactlyOne) w.Line($"if (Check{c}(value, {State}.Quiet)) matches++;");
                else w.Line($"if (matches == 0 && Check{c}(value, {State}.Quiet)) matches++;");
            }
            w.Open("if (matches == 0)");
            w.Line("valid = false;");
            w.Line("if (!state.Collecting) return false;");
            w.Line($"int types = {Helpers}.TypesOf(value);");
            w.Line("int meant = -1, candidates = 0;");
            for (int i = 0; i < cases.Count; i++)
                w.Line($"if ((types & {(int)_facts.TypesOf(cases[i])}) != 0) {{ meant = {cases[i]}; candidates++; }}");
            w.Open("if (candidates == 1)");
            w.Open("switch (meant)");
            foreach (int c in cases) w.Line($"case {c}: Check{c}(value, state); break;");
            w.Close();
            w.Close();
            w.Line("else if (candidates == 0)");
            w.Line($"    state.Fail(\"expected {ValidationFacts.TypeNames(_facts.TypesOfAll(cases))}, found \" + "
                + $"{Helpers}.TypeName(value) + \" ({keyword})\");");
            string? allowed = _facts.DescribeAllowed(cases);
            w.Line("else");
            w.Line(allowed is null
                ? $"    state.Fail({Quote($"matches none of the {cases.Count} cases ({keyword})")});"
                : $"    state.Fail({Quote("expected one of " + allowed + ", found ")} + {Helpers}.Show(value) + "
                    + $"\" ({keyword})\");");
            w.Close();
            if (exactlyOne)
            {
                w.Open("else if (matches > 1)");
                w.Line("valid = false;");
                w.Line("if (!state.Fail(\"matches \" + matches + \" of the cases (oneOf), not exactly one\")) "
                    + "return false;");
                w.Close();
            }
            w.Close();
        }

        /// <summary>
        /// A test that the value equals one of the JSON values: strings are compared in place, other values with
        /// the node's constants, parsed once.
        /// </summary>
        private static string EqualsAny(ValidationNode node, IReadOnlyList<string> values)
        {
            var constants = NonStringConstants(node);
            var tests = values.Select(json => IsJsonString(json)
                ? $"value.ValueKind == {Kind}.String && value.ValueEquals({json})"
                : $"{Helpers}.JsonEquals(value, s_value{node.Id}_{constants.IndexOf(json)})").ToList();
            return tests.Count == 0 ? "false" : string.Join(" || ", tests);
        }

        private static List<string> NonStringConstants(ValidationNode node)
        {
            var all = new List<string>();
            if (node.Const is not null) all.Add(node.Const);
            if (node.Enum is { } values) all.AddRange(values);
            return all.Where(v => !IsJsonString(v)).Distinct().ToList();
        }

        /// <summary>
        /// A JSON string's text is a valid C# literal only without escapes that C# reads differently; others are
        /// compared as parsed constants.
        /// </summary>
        private static bool IsJsonString(string json) =>
            json.Length >= 2 && json[0] == '"' && json.IndexOf('\\') < 0;

        private static string Quote(string text) => TypeSyntax.StringLiteral(text);

        private static string Double(string jsonNumber)
        {
            double value = double.Parse(jsonNumber, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
            return value.ToString("R", CultureInfo.InvariantCulture) + "d";
        }
    }
}
