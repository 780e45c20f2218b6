using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;
using BootcPlug.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

/// <summary>A tagged union whose cases carry a list and a dictionary compares them by content too.</summary>
public sealed class UnionEqualityTests
{
    private const string Schema = """
        {
          "title": "Job",
          "properties": { "step": { "$ref": "#/$defs/Step" } },
          "$defs": {
            "Step": {
              "oneOf": [
                { "const": "idle" },
                { "type": "object", "properties": { "copy": { "type": "array", "items": { "type": "string" } } },
                  "required": ["copy"] },
                { "type": "object",
                  "properties": { "env": { "type": "object", "additionalProperties": { "type": "string" } } },
                  "required": ["env"] }
              ]
            }
          }
        }
        """;

    private static readonly Lazy<(Type Job, JsonSerializerContext Context)> Generated = new(() =>
    {
        var run = GeneratorHarness.Run([("/schemas/job.schema.json", Schema)]);
        Assert.Empty(run.GeneratorDiagnostics);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        using var stream = new MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        stream.Position = 0;
        Assembly assembly = new AssemblyLoadContext("generated-union", isCollectible: true).LoadFromStream(stream);
        var context = (JsonSerializerContext)assembly.GetType("BootcPlug.Models.JobJsonContext")!
            .GetProperty("Default")!.GetValue(null)!;
        return (assembly.GetType("BootcPlug.Models.Job")!, context);
    });

    private static object Read(string json) =>
        JsonSerializer.Deserialize(json, Generated.Value.Job, Generated.Value.Context)!;

    [Theory]
    [InlineData("""{"step":{"copy":["a","b"]}}""", """{"step":{"copy":["a","c"]}}""")]
    [InlineData("""{"step":{"env":{"A":"1","B":"2"}}}""", """{"step":{"env":{"A":"1","B":"3"}}}""")]
    [InlineData("""{"step":"idle"}""", """{"step":{"copy":[]}}""")]
    public void Cases_read_twice_are_equal_and_a_changed_payload_differs(string json, string changed)
    {
        object first = Read(json), second = Read(json);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, Read(changed));
    }
}
