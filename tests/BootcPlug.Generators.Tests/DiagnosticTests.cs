using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

public sealed class DiagnosticTests
{
    private static Diagnostic Single(string schema, string id)
    {
        var run = GeneratorHarness.Run([("/schemas/bad.schema.json", schema)]);
        var found = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}, got: {string.Join("; ", run.GeneratorDiagnostics)}");
        Assert.Equal("/schemas/bad.schema.json", found[0].Location.GetLineSpan().Path);
        return found[0];
    }

    [Fact]
    public void Invalid_json_is_an_error_with_its_line()
    {
        var diagnostic = Single("{\n  \"title\": \"X\",\n  \"properties\": {,}\n}", "BCPG001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("bad.schema.json", diagnostic.GetMessage());
    }

    [Fact]
    public void Unknown_ref_is_an_error_naming_the_pointer()
    {
        var diagnostic = Single(
            "{\n\"title\": \"X\",\n\"properties\": {\n  \"a\": { \"$ref\": \"#/$defs/Nope\" }\n}\n}", "BCPG002");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("#/properties/a/$ref", diagnostic.GetMessage());
        Assert.Contains("#/$defs/Nope", diagnostic.GetMessage());
        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Unsupported_keyword_is_a_warning_naming_the_pointer()
    {
        var diagnostic = Single("{\"title\":\"X\",\"properties\":{\"a\":{\"type\":\"string\",\"maxLength\":3}}}",
            "BCPG003");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("#/properties/a/maxLength", diagnostic.GetMessage());
    }

    [Fact]
    public void Inline_object_is_a_warning_and_falls_back_to_JsonElement()
    {
        var run = GeneratorHarness.Run([("/schemas/bad.schema.json",
            "{\"title\":\"X\",\"properties\":{\"a\":{\"type\":\"object\","
            + "\"properties\":{\"b\":{\"type\":\"string\"}}}}}")]);
        Assert.Contains(run.GeneratorDiagnostics, d =>
            d.Id == "BCPG004" && d.GetMessage().Contains("#/properties/a/properties"));
        var property = run.Output.GetTypeByMetadataName("BootcPlug.Models.X")!.GetMembers("A").OfType<IPropertySymbol>()
            .Single();
        Assert.Equal("System.Text.Json.JsonElement?", property.Type.ToDisplayString());
    }

    [Fact]
    public void Colliding_type_names_are_an_error()
    {
        Single(
            "{\"title\":\"X\",\"properties\":{},"
            + "\"$defs\":{\"foo-bar\":{\"type\":\"object\"},\"fooBar\":{\"type\":\"object\"}}}",
            "BCPG006");
    }

    [Fact]
    public void Default_of_the_wrong_type_is_reported_and_ignored()
    {
        var diagnostic = Single("{\"title\":\"X\",\"properties\":{\"a\":{\"type\":\"boolean\",\"default\":\"yes\"}}}",
            "BCPG005");
        Assert.Contains("#/properties/a/default", diagnostic.GetMessage());
    }
}
