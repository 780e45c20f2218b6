using System.Collections;
using System.Reflection;
using BootcPlug.Generators.Model;
using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BootcPlug.Generators.Tests;

public sealed class IncrementalTests
{
    private const string Path = "/schemas/host-v1.schema.json";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, List<SchemaFileModel> Models,
        AdditionalText Schema) Start(string text)
    {
        var models = new List<SchemaFileModel>();
        var schema = new TestAdditionalText(Path, text);
        var driver = GeneratorHarness.CreateDriver([schema], models);
        var compilation = GeneratorHarness.CreateCompilation();
        driver = driver.RunGenerators(compilation);
        return (driver, compilation, models, schema);
    }

    private static IncrementalStepRunReason Reason(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].Single().Outputs.Single().Reason;

    [Fact]
    public void Same_schema_twice_builds_equal_models()
    {
        var first = GeneratorHarness.RunFile("host-v1.schema.json").Models.Single();
        var second = GeneratorHarness.RunFile("host-v1.schema.json").Models.Single();
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Whitespace_edit_reparses_but_leaves_the_model_unchanged()
    {
        string text = GeneratorHarness.SchemaText("host-v1.schema.json");
        var (driver, compilation, models, schema) = Start(text);
        driver = driver.ReplaceAdditionalText(schema, new TestAdditionalText(Path, text + "\n\n  "));
        driver = driver.RunGenerators(compilation);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(driver, SchemaModelGenerator.SourceStep));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(driver, SchemaModelGenerator.ModelStep));
        Assert.Single(models);
    }

    [Fact]
    public void Real_schema_change_modifies_the_model()
    {
        string text = GeneratorHarness.SchemaText("host-v1.schema.json");
        var (driver, compilation, models, schema) = Start(text);
        string changed = text.Replace("\"The API version", "\"The version of the API");
        driver = driver.ReplaceAdditionalText(schema, new TestAdditionalText(Path, changed));
        driver = driver.RunGenerators(compilation);
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(driver, SchemaModelGenerator.ModelStep));
        Assert.Equal(2, models.Count);
    }

    [Fact]
    public void Unrelated_source_edit_leaves_every_step_cached()
    {
        var (driver, compilation, models, _) = Start(GeneratorHarness.SchemaText("host-v1.schema.json"));
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Anchor { static int X = 1; } }",
                new CSharpParseOptions(LanguageVersion.Latest), "Consumer.cs"));
        driver = driver.RunGenerators(edited);
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(driver, SchemaModelGenerator.SourceStep));
        Assert.Equal(IncrementalStepRunReason.Cached, Reason(driver, SchemaModelGenerator.ModelStep));
        Assert.Single(models);
    }

    [Fact]
    public void Model_holds_no_roslyn_objects()
    {
        var model = GeneratorHarness.RunFile("host-v1.schema.json").Models.Single();
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree),
            typeof(Location), typeof(SemanticModel) };
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(model, forbidden, visited, "model");
        Assert.True(visited.Count > 20, "the walk should reach the whole model");
    }

    private static void Walk(object? value, Type[] forbidden, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(forbidden.Any(f => f.IsInstanceOfType(value)), $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) Walk(item, forbidden, visited, $"{path}[{i++}]");
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            Walk(property.GetValue(value), forbidden, visited, path + "." + property.Name);
        }
    }
}
