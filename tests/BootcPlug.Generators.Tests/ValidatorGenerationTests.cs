using System.Runtime.Loader;
using System.Text.Json;
using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

/// <summary>
/// The emitted validator on the keywords the shipped schemas do not use (their verdicts against JsonSchema.Net are
/// in BootcPlug.Cli.Tests), its diagnostics and its accessibility options.
/// </summary>
public sealed class ValidatorGenerationTests
{
    private const string Schema = """
        {
          "title": "Tree",
          "type": "object",
          "properties": {
            "size": { "type": "integer", "minimum": 1, "exclusiveMaximum": 10 },
            "ratio": { "type": "number", "exclusiveMinimum": 0, "maximum": 1.5 },
            "level": { "enum": [1, 2.5, null, "top"] },
            "origin": { "const": { "x": 0, "y": [1] } },
            "tags": { "type": "object", "additionalProperties": { "type": "string", "pattern": "^[a-z]+$" } },
            "child": { "$ref": "#/$defs/Node" },
            "never": false,
            "both": { "allOf": [{ "type": "string" }, { "pattern": "^a" }, { "pattern": "z$" }] }
          },
          "$defs": {
            "Node": {
              "type": "object",
              "properties": {
                "name": { "type": "string" },
                "next": { "anyOf": [{ "$ref": "#/$defs/Node" }, { "type": "null" }] }
              },
              "required": ["name"],
              "additionalProperties": false
            }
          }
        }
        """;

    private static readonly Lazy<Func<JsonElement, IReadOnlyList<(string Path, string Message)>>> Validate = new(() =>
    {
        var run = GeneratorHarness.Run([("/schemas/tree.schema.json", Schema)]);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var assembly = new AssemblyLoadContext("generated-tree", isCollectible: true).LoadFromStream(stream);
        var method = assembly.GetType("BootcPlug.Models.TreeValidator")!.GetMethod("Validate")!;
        return document => (IReadOnlyList<(string, string)>)method.Invoke(null, [document])!;
    });

    private static List<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validate.Value(document.RootElement).Select(e => $"{e.Path}: {e.Message}").ToList();
    }

    [Fact]
    public void A_valid_document_has_no_errors()
    {
        Assert.Empty(Errors("""
            {"size":9,"ratio":1.5,"level":2.50,"origin":{"y":[1.0],"x":0},"tags":{"a":"xyz"},
             "child":{"name":"a","next":{"name":"b","next":null}},"both":"abz"}
            """));
    }

    [Fact]
    public void Every_error_is_reported_with_its_path_in_document_order()
    {
        Assert.Equal(
        [
            "$.size: 10 is not less than 10 (exclusiveMaximum)",
            "$.ratio: 0 is not greater than 0 (exclusiveMinimum)",
            "$.level: expected one of 1, 2.5, null, \"top\", found 3 (enum)",
            "$.origin: expected { \"x\": 0, \"y\": [1] }, found {\"x\":0} (const)",
            "$.tags['a b']: \"A\" does not match the pattern ^[a-z]+$ (pattern)",
            "$.child.next: the required member 'name' is missing (required)",
            "$.child.next.extra: the member 'extra' is not allowed here (additionalProperties: false)",
            "$.never: no value is allowed here (false schema)",
            "$.both: \"abc\" does not match the pattern z$ (pattern)",
        ], Errors("""
            {"size":10,"ratio":0,"level":3,"origin":{"x":0},"tags":{"a b":"A"},
             "child":{"name":"a","next":{"extra":1}},"never":1,"both":"abc"}
            """));
    }

    [Fact]
    public void An_integral_number_is_an_integer_and_a_fraction_is_not()
    {
        Assert.Empty(Errors("""{"size":2.0}"""));
        Assert.Equal(["$.size: expected integer, found number (type)"], Errors("""{"size":2.5}"""));
    }

    [Fact]
    public void A_keyword_the_validator_cannot_check_is_reported()
    {
        var run = GeneratorHarness.Run([("/schemas/bad.schema.json",
            """{"title":"X","properties":{"a":{"type":"array","items":[{"type":"string"}]}}}""")]);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "BCPG007");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("#/properties/a/items (is a list (tuple validation))", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData(null, "public")]
    [InlineData("internal", "internal")]
    [InlineData("none", null)]
    public void The_validator_is_public_internal_or_left_out(string? option, string? expected)
    {
        var options = new Dictionary<string, string>();
        if (option is not null) options["build_metadata.AdditionalFiles.SchemaValidator"] = option;
        const string Schema = """{"title":"X","properties":{"a":{"type":"string","pattern":"^a"}}}""";
        var run = GeneratorHarness.Run([("/schemas/x.schema.json", Schema)], new TestOptionsProvider(options));
        var type = run.Output.GetTypeByMetadataName("BootcPlug.Models.XValidator");
        Assert.Equal(expected, type?.DeclaredAccessibility.ToString().ToLowerInvariant());
        // Without a validator nothing checks the pattern, and the generator says so.
        Assert.Equal(option == "none", run.GeneratorDiagnostics.Any(d => d.Id == "BCPG003"));
    }
}
