using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootcPlug.Cli.Schemas;
using Json.Schema;

namespace BootcPlug.Cli.Tests.Validators;

/// <summary>
/// The validators the generator emits for the shipped schemas give JsonSchema.Net's verdict on every document the
/// repository holds and on 10,000 broken copies of them, and every path they report is one that JsonSchema.Net
/// reports as failing too.
/// </summary>
public sealed class GeneratedValidatorDifferentialTests
{
    private const int Seed = 20261130;
    private const int MutatedDocuments = 10_000;

    private static readonly Dictionary<string, JsonSchema> Interpreted = new();

    private static JsonSchema InterpretedSchema(string name)
    {
        lock (Interpreted)
        {
            if (!Interpreted.TryGetValue(name, out var schema))
            {
                schema = JsonSchema.FromText(ShippedSchemas.Read(name)!,
                    new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                Interpreted[name] = schema;
            }
            return schema;
        }
    }

    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (schema, name, _) in ValidatorCorpus.Documents()) data.Add(schema, name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_gets_the_same_verdict_and_paths(string schema, string name)
    {
        string text = ValidatorCorpus.Documents().Single(d => d.Schema == schema && d.Name == name).Text;
        using var document = JsonDocument.Parse(text);
        string? difference = Compare(schema, document.RootElement);
        Assert.True(difference is null, $"{name}: {difference}");
    }

    [Fact]
    public void Ten_thousand_broken_documents_get_the_same_verdict_and_paths()
    {
        var seeds = ValidatorCorpus.Documents().Select(d => (d.Schema, d.Name, Node: JsonNode.Parse(d.Text)!))
            .ToList();
        var mutator = new DocumentMutator(Seed);
        int invalid = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < MutatedDocuments; i++)
        {
            var (schema, name, node) = seeds[i % seeds.Count];
            JsonNode mutated = mutator.Mutate(node);
            using var document = JsonDocument.Parse(mutated.ToJsonString());
            // Paths are compared on every 20th document: JsonSchema.Net's list output is what takes the time.
            string? difference = Compare(schema, document.RootElement, withPaths: i % 20 == 0);
            Assert.True(difference is null, $"seed {Seed}, document {i} (from {name}): {difference}\n"
                + mutated.ToJsonString());
            if (!ValidatorFor(schema)(document.RootElement)) invalid++;
        }
        // Mutations must mostly break documents, and not all of them (an optional member dropped is still valid).
        Assert.InRange(invalid, MutatedDocuments / 2, MutatedDocuments - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Dollar_matches_only_at_the_end_as_in_ECMA_262_where_JsonSchema_Net_also_takes_a_final_newline()
    {
        // The one known difference, on purpose (docs/schema-generator.md, Validators): mutations never add it.
        using var document = JsonDocument.Parse(
            """{"id":"x","version":"1.0.0","contractVersion":"1.0","assembly":"x.dll\n"}""");
        var error = Assert.Single(ShippedValidators.For("plugin-manifest")!.Validate(document.RootElement));
        Assert.Equal("$.assembly", error.JsonPath);
        Assert.Equal("\"x.dll\\n\" does not match the pattern ^[^/\\\\]+\\.dll$ (pattern)", error.Reason);
        Assert.True(InterpretedSchema("plugin-manifest").Evaluate(document.RootElement).IsValid);
    }

    private static Func<JsonElement, bool> ValidatorFor(string schema) => schema switch
    {
        "host-v1" => Models.HostV1Validator.IsValid,
        "gc-report" => Models.Reports.GcReportValidator.IsValid,
        "fsck-report" => Models.Reports.FsckReportValidator.IsValid,
        "explain-report" => Models.Reports.ExplainReportValidator.IsValid,
        "space-report" => Models.Reports.SpaceReportValidator.IsValid,
        "prune-report" => Models.Reports.PruneReportValidator.IsValid,
        "plugin-manifest" => Plugins.PluginManifestValidator.IsValid,
        _ => throw new ArgumentException($"no generated validator for {schema}", nameof(schema)),
    };

    /// <summary>Null when both agree; else what differs.</summary>
    private static string? Compare(string schema, JsonElement document, bool withPaths = true)
    {
        var generated = ShippedValidators.For(schema)!.Validate(document);
        if (ValidatorFor(schema)(document) != (generated.Count == 0))
            return "IsValid and Validate disagree";
        var results = InterpretedSchema(schema).Evaluate(document,
            new EvaluationOptions { OutputFormat = withPaths ? OutputFormat.List : OutputFormat.Flag });
        if (results.IsValid != (generated.Count == 0))
            return $"JsonSchema.Net says {(results.IsValid ? "valid" : "invalid")}, the generated validator "
                + $"{(generated.Count == 0 ? "valid" : string.Join("; ", generated))}";
        if (!withPaths) return null;
        var failing = (results.Details ?? []).Where(d => !d.IsValid)
            .Select(d => ErrorSummary.ToJsonPath(d.InstanceLocation.ToString())).Append(
                results.IsValid ? "" : ErrorSummary.ToJsonPath(results.InstanceLocation.ToString()))
            .ToHashSet();
        var unexplained = generated.Where(e => !failing.Contains(e.JsonPath)).ToList();
        return unexplained.Count == 0 ? null
            : $"paths JsonSchema.Net does not report as failing: {string.Join("; ", unexplained)} "
                + $"(it reports {string.Join(", ", failing.Order())})";
    }
}
