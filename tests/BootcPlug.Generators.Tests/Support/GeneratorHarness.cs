using System.Collections.Immutable;
using BootcPlug.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BootcPlug.Generators.Tests.Support;

internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<SchemaFileModel> Models);

/// <summary>
/// Runs the generator in memory on schema texts, with .NET 10 reference assemblies and step tracking.
/// </summary>
internal static class GeneratorHarness
{
    public const string DefaultSource = "namespace Consumer { internal static class Anchor { } }";

    public static string SchemaText(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", fileName));

    public static CSharpCompilation CreateCompilation(string source = DefaultSource) => CSharpCompilation.Create(
        "GeneratorTestAssembly",
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Consumer.cs")],
        Basic.Reference.Assemblies.Net100.References.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, List<SchemaFileModel> models,
        string? ns = null)
    {
        var options = new Dictionary<string, string>();
        if (ns is not null) options["build_metadata.AdditionalFiles.SchemaNamespace"] = ns;
        return CreateDriver(texts, models, new TestOptionsProvider(options));
    }

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, List<SchemaFileModel> models,
        AnalyzerConfigOptionsProvider options)
    {
        var generator = new SchemaModelGenerator { OnModelBuilt = models.Add };
        return CSharpGeneratorDriver.Create(
            [generator.AsSourceGenerator()],
            texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> schemas, string source = DefaultSource,
        string? ns = null)
    {
        var options = new Dictionary<string, string>();
        if (ns is not null) options["build_metadata.AdditionalFiles.SchemaNamespace"] = ns;
        return Run(schemas, new TestOptionsProvider(options), source);
    }

    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> schemas,
        AnalyzerConfigOptionsProvider options, string source = DefaultSource)
    {
        var models = new List<SchemaFileModel>();
        var texts = schemas.Select(s => (AdditionalText)new TestAdditionalText(s.Path, s.Text)).ToList();
        GeneratorDriver driver = CreateDriver(texts, models, options);
        driver = driver.RunGeneratorsAndUpdateCompilation(CreateCompilation(source), out var output,
            out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics, models);
    }

    public static GeneratorRun RunFile(string fileName, string? ns = null) =>
        Run([("/schemas/" + fileName, SchemaText(fileName))], ns: ns);
}
