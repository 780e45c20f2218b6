using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BootcPlug.Models;
using Json.Schema;

namespace BootcPlug.Benchmarks;

/// <summary>
/// One status document checked against host-v1.schema.json per call: JsonSchema.Net's interpreter (the baseline;
/// list output for the invalid document, as `schema validate --schema FILE` asks for it) against the validator the
/// schema generator emits. The documents are parsed once; only validation is timed.
/// </summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private JsonSchema _schema = null!;
    private JsonDocument _valid = null!;
    private JsonDocument _invalid = null!;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "validator-data");
        _schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(dir, "host-v1.schema.json")),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        string text = File.ReadAllText(Path.Combine(dir, "status-booted-staged-rollback.json"));
        _valid = JsonDocument.Parse(text);
        // Three errors: a pattern, an enum inside a oneOf and a type, at three depths.
        _invalid = JsonDocument.Parse(text.Replace("\"verity\": \"", "\"verity\": \"X")
            .Replace("\"bootOrder\": \"default\"", "\"bootOrder\": \"sideways\"")
            .Replace("\"pinned\": false", "\"pinned\": \"no\""));
        if (HostV1Validator.Validate(_valid.RootElement).Count != 0 || HostV1Validator.IsValid(_invalid.RootElement)
            || !Evaluate(_valid, OutputFormat.Flag) || Evaluate(_invalid, OutputFormat.Flag))
            throw new InvalidOperationException("the benchmark documents do not have the expected verdicts");
    }

    private bool Evaluate(JsonDocument document, OutputFormat format) =>
        _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = format }).IsValid;

    [Benchmark(Baseline = true, Description = "valid, JsonSchema.Net (flag)")]
    public bool ValidInterpreted() => Evaluate(_valid, OutputFormat.Flag);

    [Benchmark(Description = "valid, generated IsValid")]
    public bool ValidGeneratedIsValid() => HostV1Validator.IsValid(_valid.RootElement);

    [Benchmark(Description = "valid, generated Validate")]
    public int ValidGenerated() => HostV1Validator.Validate(_valid.RootElement).Count;

    [Benchmark(Description = "invalid, JsonSchema.Net (list)")]
    public bool InvalidInterpreted() => Evaluate(_invalid, OutputFormat.List);

    [Benchmark(Description = "invalid, generated Validate")]
    public int InvalidGenerated() => HostV1Validator.Validate(_invalid.RootElement).Count;
}
