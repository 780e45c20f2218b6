using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootcPlug.Generators.Tests.Support;

namespace BootcPlug.Generators.Tests;

/// <summary>Loads what the generator emitted for the upstream-style schema and runs it on documents.</summary>
public sealed class RuntimeTests
{
    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var run = GeneratorHarness.RunFile("upstream-style.schema.json");
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-upstream-style", isCollectible: true).LoadFromStream(stream);
    });

    private static object Context()
    {
        var type = Generated.Value.GetType("BootcPlug.Models.UpstreamStyleJsonContext")!;
        return type.GetProperty("Default")!.GetValue(null)!;
    }

    private static string RoundTrip(string json)
    {
        var context = (System.Text.Json.Serialization.JsonSerializerContext)Context();
        var rootType = Generated.Value.GetType("BootcPlug.Models.Appliance")!;
        object value = JsonSerializer.Deserialize(json, rootType, context)!;
        return JsonSerializer.Serialize(value, rootType, context);
    }

    [Fact]
    public void Document_round_trips_and_absent_members_get_schema_defaults()
    {
        const string json = """
            {"apiVersion":"v1",
             "config":{"channel":"release-candidate","source":{"url":"https://example.com","trust":{"keyName":"k1"}}},
             "state":{"current":{"name":null,"serial":7,"built":"2024-05-06T07:08:09Z","kind":"Delta",
                                 "digest":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                      "previous":[],"healthy":true,"labels":{"a":"b"}}}
            """;
        var written = JsonNode.Parse(RoundTrip(json))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written.ToJsonString());

        var defaults = JsonNode.Parse(RoundTrip("""{"apiVersion":"v1"}"""))!;
        Assert.Equal("stable", (string?)defaults["config"]!["channel"]);
        Assert.Equal(false, (bool?)defaults["state"]!["healthy"]);
        Assert.Empty(defaults["state"]!["previous"]!.AsArray());
    }

    [Theory]
    [InlineData(
        """{"apiVersion":"v1","config":{"source":{"url":"u","trust":"some"}}}""",
        "$.config.source.trust: 'some' is not one of: none")]
    [InlineData(
        """{"apiVersion":"v1","state":{"current":{"serial":-1,"kind":"Full","digest":"sha256:00"}}}""",
        "$.state.current.serial: expected an unsigned 32-bit integer, found a number")]
    [InlineData(
        """{"apiVersion":"v1","state":{"current":{"serial":1,"kind":"Full","digest":"sha256:00"}}}""",
        "$.state.current.digest: 'sha256:00' is not a valid ContentDigest: "
        + "expected 64 hex digits after the prefix, found 2 characters")]
    public void Invalid_values_fail_with_path_and_reason(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => RoundTrip(json));
        Assert.Equal(message, error.Message);
    }
}
