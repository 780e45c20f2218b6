using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

/// <summary>Golden files of everything the generator emits, and a check that it compiles cleanly.</summary>
public sealed class OutputTests
{
    public static TheoryData<string> Schemas => new()
    {
        "host-v1.schema.json",
        "upstream-style.schema.json",
        "definitions-style.schema.json",
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Generated_sources_match_their_golden_files(string schema)
    {
        var run = GeneratorHarness.RunFile(schema);
        var sources = run.Result.Results.Single()
            .GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Snapshot.Match(Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(schema)), sources);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Generated_sources_compile_without_warnings(string schema)
    {
        var run = GeneratorHarness.RunFile(schema);
        Assert.Empty(run.GeneratorDiagnostics);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Namespace_comes_from_the_additional_file_metadata()
    {
        var run = GeneratorHarness.RunFile("definitions-style.schema.json", ns: "Vendor.Inventory");
        Assert.Equal("Vendor.Inventory", run.Models.Single().Namespace);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Vendor.Inventory.Inventory"));
        Assert.NotNull(run.Output.GetTypeByMetadataName("Vendor.Inventory.DefinitionsStyleJsonContext"));
    }

    [Fact]
    public void Upstream_style_schema_maps_each_construct_to_the_expected_type()
    {
        var run = GeneratorHarness.RunFile("upstream-style.schema.json");
        Compilation output = run.Output;
        INamedTypeSymbol Type(string name) => output.GetTypeByMetadataName("BootcPlug.Models." + name)!;
        string PropertyType(string type, string property) =>
            Type(type).GetMembers(property).OfType<IPropertySymbol>().Single().Type.ToDisplayString();

        Assert.Equal(TypeKind.Enum, Type("Channel").TypeKind);
        Assert.Equal(TypeKind.Enum, Type("ReleaseKind").TypeKind);
        Assert.True(Type("ContentDigest").IsValueType);
        Assert.Equal("BootcPlug.Models.Source?", PropertyType("ApplianceConfig", "Source"));
        Assert.Equal("string?", PropertyType("Release", "Name"));
        Assert.Equal("uint", PropertyType("Release", "Serial"));
        Assert.Equal("System.DateTimeOffset?", PropertyType("Release", "Built"));
        Assert.Equal("System.Collections.Generic.IReadOnlyList<BootcPlug.Models.Release>",
            PropertyType("ApplianceState", "Previous"));
        Assert.Equal("System.Collections.Generic.IReadOnlyDictionary<string, string>?",
            PropertyType("ApplianceState", "Labels"));
        Assert.Equal("string?", PropertyType("Trust", "KeyName"));
        Assert.True(Type("Release").GetMembers("Serial").OfType<IPropertySymbol>().Single().IsRequired);
        Assert.Contains("Release candidates", Type("Channel").GetMembers("ReleaseCandidate").Single()
            .GetDocumentationCommentXml());
    }
}
