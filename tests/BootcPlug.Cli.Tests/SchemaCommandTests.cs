using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Models;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests;

public sealed class SchemaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bootcplug-schema-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Output(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<string> Fixtures => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_and_what_we_write_back_is_valid_against_the_shipped_schema(string fixture)
    {
        var validator = DocumentValidator.FromText(ShippedSchemas.Read("host-v1")!, "host-v1");
        string text = File.ReadAllText(Output(Path.Combine("Fixtures", fixture)));
        using var original = JsonDocument.Parse(text);
        Assert.Empty(validator.Validate(original.RootElement));

        var host = JsonSerializer.Deserialize(text, HostV1JsonContext.Default.Host)!;
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(host, HostV1JsonContext.Default.Host));
        Assert.Empty(validator.Validate(written.RootElement));
    }

    [Fact]
    public void Shipped_sample_validates_with_exit_zero()
    {
        var result = CliRunner.Run("schema", "validate", Output("samples/status-booted-staged-rollback.json"));
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith(": valid\n", result.Stdout);
    }

    [Fact]
    public void Invalid_document_lists_each_error_with_file_path_and_reason_and_exits_one()
    {
        string text = File.ReadAllText(Output("Fixtures/booted-only.json"))
            .Replace("\"verity\":\"", "\"verity\":\"X")
            .Replace("\"bootOrder\":\"default\"", "\"bootOrder\":\"sideways\"")
            .Replace("\"pinned\":false", "\"pinned\":\"no\"");
        string file = Write("bad.json", text);
        var result = CliRunner.Run("schema", "validate", file);
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal($"{file}: $.spec.bootOrder: expected one of \"default\", \"rollback\", found \"sideways\" (oneOf)",
            lines[0]);
        Assert.StartsWith($"{file}: $.status.booted.composefs.verity: ", lines[1]);
        Assert.EndsWith("(pattern)", lines[1]);
        Assert.StartsWith($"{file}: $.status.booted.pinned: ", lines[2]);
    }

    [Fact]
    public void Legacy_bare_image_digest_is_valid_but_a_malformed_one_is_not()
    {
        var validator = DocumentValidator.FromText(ShippedSchemas.Read("host-v1")!, "host-v1");
        string text = File.ReadAllText(Output("Fixtures/legacy-image-digest.json"));
        using (var legacy = JsonDocument.Parse(text)) Assert.Empty(validator.Validate(legacy.RootElement));

        string digest = JsonDocument.Parse(text).RootElement.GetProperty("status").GetProperty("booted")
            .GetProperty("image").GetProperty("imageDigest").GetString()!;
        using var upper = JsonDocument.Parse(text.Replace(digest, "sha256:" + digest.ToUpperInvariant()));
        var errors = validator.Validate(upper.RootElement);
        Assert.Equal("$.status.booted.image.imageDigest", Assert.Single(errors).JsonPath);
    }

    [Fact]
    public void Unreadable_input_exits_two_and_names_the_file_while_still_checking_the_others()
    {
        string broken = Write("broken.json", "{\"apiVersion\":");
        string missing = Path.Combine(_dir, "missing.json");
        var result = CliRunner.Run("schema", "validate", broken, missing,
            Output("samples/status-booted-staged-rollback.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{broken}: not valid JSON", result.Stderr);
        Assert.Contains($"{missing}: cannot read", result.Stderr);
        Assert.Contains("status-booted-staged-rollback.json: valid", result.Stdout);
    }

    [Fact]
    public void Standard_input_is_read_for_dash()
    {
        var result = CliRunner.RunWithInput(File.ReadAllText(Output("Fixtures/uki-systemd.json")), "schema", "validate",
            "-");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("<stdin>: valid\n", result.Stdout);
    }

    [Fact]
    public void Another_draft_2020_12_schema_in_upstream_style_can_be_named()
    {
        // $defs, oneOf of const strings with descriptions, anyOf [ref, null], type [T, "null"].
        string schema = Write("other.schema.json", """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "mode": { "$ref": "#/$defs/Mode" },
                "peer": { "anyOf": [{ "$ref": "#/$defs/Peer" }, { "type": "null" }] },
                "note": { "type": ["string", "null"] }
              },
              "required": ["mode"],
              "$defs": {
                "Mode": { "oneOf": [
                  { "description": "on", "type": "string", "const": "on" },
                  { "description": "off", "type": "string", "const": "off" }
                ] },
                "Peer": { "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"] }
              }
            }
            """);
        string good = Write("good.json", """{"mode":"on","peer":{"name":"a"},"note":null}""");
        string bad = Write("bad.json", """{"mode":"dim","peer":{}}""");

        var ok = CliRunner.Run("schema", "validate", "--schema", schema, good);
        Assert.Equal(0, ok.ExitCode);

        var failed = CliRunner.Run("schema", "validate", good, bad, "--schema", schema);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"{bad}: $.mode: expected one of \"off\", \"on\" (const)", failed.Stdout);
        Assert.Contains($"{bad}: $.peer: ", failed.Stdout);
        Assert.Contains("name", failed.Stdout);
        Assert.Contains($"{good}: valid", failed.Stdout);
    }

    [Fact]
    public void Unusable_schema_file_exits_two()
    {
        string schema = Write("broken.schema.json", "{ not json");
        var result = CliRunner.Run("schema", "validate", "--schema", schema,
            Output("samples/status-booted-staged-rollback.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(schema, result.Stderr);
    }

    [Fact]
    public void Print_writes_the_shipped_schema_byte_for_byte()
    {
        var result = CliRunner.Run("schema", "print");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Output("schemas/host-v1.schema.json")), result.Stdout);
        Assert.Equal(result.Stdout, CliRunner.Run("schema", "print", "host-v1.schema.json").Stdout);
    }

    [Fact]
    public void Print_of_an_unknown_schema_is_a_usage_error()
    {
        var result = CliRunner.Run("schema", "print", "nope");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("host-v1", result.Stderr);
    }

    [Theory]
    [InlineData("/status/otherDeployments/0/image", "$.status.otherDeployments[0].image")]
    [InlineData("", "$")]
    [InlineData("/metadata/annotations/example.com~1a", "$.metadata.annotations['example.com/a']")]
    public void Json_pointers_become_json_paths(string pointer, string path) =>
        Assert.Equal(path, ErrorSummary.ToJsonPath(pointer));
}
