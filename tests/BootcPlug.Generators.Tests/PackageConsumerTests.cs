using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;
using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

/// <summary>
/// A consumer's own schema, given through the items the package's build files define, generates models that
/// compile, read and write documents, and compare by value.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bootcplug-consumer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

    private static GeneratorRun Generate(IReadOnlyList<EvaluatedSchema> schemas) => GeneratorHarness.Run(
        schemas.Select(s => (s.FullPath, File.ReadAllText(s.FullPath))),
        TestOptionsProvider.PerFile(schemas.ToDictionary(s => s.FullPath, s => s.CompilerMetadata)));

    [Fact]
    public void A_BootcPlugSchema_item_generates_compiling_models_in_its_namespace()
    {
        var schemas = ConsumerProject.Evaluate(_directory,
            $"""<BootcPlugSchema Include="{SchemaPath("fleet.json")}" Namespace="Acme.Fleet" />""");
        var run = Generate(schemas);

        Assert.Empty(run.GeneratorDiagnostics);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal("Acme.Fleet", run.Models.Single().Namespace);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Acme.Fleet.FleetJsonContext"));

        Assembly generated = Load(run);
        var context = (JsonSerializerContext)generated.GetType("Acme.Fleet.FleetJsonContext")!
            .GetProperty("Default")!.GetValue(null)!;
        Type fleet = generated.GetType("Acme.Fleet.Fleet")!;
        const string json = """
            {"name":"lab","machines":[{"host":"a","role":"control","tags":["x","y"],
              "image":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}],
             "owners":{"a":"ops"}}
            """;
        object first = JsonSerializer.Deserialize(json, fleet, context)!;
        object second = JsonSerializer.Deserialize(json, fleet, context)!;
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        object other = JsonSerializer.Deserialize(json.Replace("\"y\"", "\"z\"", StringComparison.Ordinal), fleet,
            context)!;
        Assert.NotEqual(first, other);

        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"name":"lab","machines":[{"host":"a","image":"sha256:00"}]}""", fleet,
                context));
        Assert.StartsWith("$.machines[0].image:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdditionalFiles_with_SchemaNamespace_still_work_and_other_json_files_are_left_alone()
    {
        string copy = Path.Combine(_directory, "fleet.schema.json");
        File.Copy(SchemaPath("fleet.json"), copy);
        string unrelated = Path.Combine(_directory, "settings.json");
        File.WriteAllText(unrelated, """{"title":"NotASchema","properties":{"a":{"type":"string"}}}""");
        var schemas = ConsumerProject.Evaluate(_directory, $"""
                <AdditionalFiles Include="{copy}" SchemaNamespace="Fleet.Alt" />
                <AdditionalFiles Include="{unrelated}" />
            """);
        var run = Generate(schemas);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal("Fleet.Alt", run.Models.Single().Namespace);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Fleet.Alt.Fleet"));
        Assert.Null(run.Output.GetTypeByMetadataName("BootcPlug.Models.NotASchema"));
    }

    private static Assembly Load(GeneratorRun run)
    {
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-consumer", isCollectible: true).LoadFromStream(stream);
    }
}
