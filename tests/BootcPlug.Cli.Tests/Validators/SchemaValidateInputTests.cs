using System.Text.Json;
using BootcPlug.Cli.Output;
using BootcPlug.Cli.Schemas;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests.Validators;

/// <summary>`schema validate` on YAML (what `status` prints off a terminal) and the messages of its errors.</summary>
public sealed class SchemaValidateInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bootcplug-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static TheoryData<string> Fixtures => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_written_as_YAML_reads_back_as_the_same_JSON(string fixture)
    {
        using var json = JsonDocument.Parse(Fixture(fixture));
        using var yaml = DocumentInput.Parse(JsonYaml.Write(json.RootElement));
        Assert.True(JsonElement.DeepEquals(json.RootElement, yaml.RootElement),
            $"{fixture}:\n{JsonYaml.Write(json.RootElement)}\nread back as\n{yaml.RootElement.GetRawText()}");
    }

    [Fact]
    public void YAML_scalars_keep_their_types_and_quoted_ones_stay_strings()
    {
        using var document = DocumentInput.Parse("""
            a: 1
            b: -2.5e3
            c: true
            d: null
            e: ~
            f: "1.0"
            g: '3'
            h: 0x1f
            i: yes
            j: !!str 12
            k: 2026-01-03T12:00:00Z
            l: []
            m: {x: [1, two]}
            """);
        Assert.Equal(
            """{"a":1,"b":-2.5e3,"c":true,"d":null,"e":null,"f":"1.0","g":"3","h":31,"i":"yes","j":"12","""
            + "\"k\":\"2026-01-03T12:00:00Z\",\"l\":[],\"m\":{\"x\":[1,\"two\"]}}",
            document.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("a: [1, 2\n", "not valid JSON or YAML")]
    [InlineData("a: 1\n---\nb: 2\n", "2 YAML documents")]
    [InlineData("a: .inf\n", "cannot be read as float")]
    [InlineData("{\"a\":", "not valid JSON:")]
    public void Broken_input_says_what_it_is_not(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => DocumentInput.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Status_as_YAML_on_standard_input_validates_and_its_errors_have_paths()
    {
        using var json = JsonDocument.Parse(Fixture("booted-only.json"));
        string yaml = JsonYaml.Write(json.RootElement);
        var valid = CliRunner.RunWithInput(yaml, "schema", "validate", "-");
        Assert.Equal(0, valid.ExitCode);
        Assert.Equal("<stdin>: valid\n", valid.Stdout);

        string broken = yaml.Replace("bootType: Bls", "bootType: Blx").Replace("pinned: false", "pinned: 0");
        Assert.NotEqual(yaml, broken);
        string file = Path.Combine(_dir, "status.yaml");
        File.WriteAllText(file, broken);
        var invalid = CliRunner.Run("schema", "validate", file);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal(
            $"{file}: $.status.booted.composefs.bootType: expected one of \"Bls\", \"Uki\", found \"Blx\" (enum)\n"
            + $"{file}: $.status.booted.pinned: expected boolean, found integer (type)\n",
            invalid.Stdout);
    }

    [Fact]
    public void Pattern_errors_show_the_pattern_and_enum_errors_the_allowed_values()
    {
        using var document = JsonDocument.Parse("""
            {"id":"Grub","version":"1.0.0","contractVersion":"2.0",
             "bootloaders":[{"name":"acme","status":"lilo"}],"artifacts":[{"type":"uki","serves":"all"}]}
            """);
        var errors = ShippedValidators.For("plugin-manifest")!.Validate(document.RootElement);
        Assert.Equal(
        [
            new ValidationError("$.id", "\"Grub\" does not match the pattern ^[a-z0-9][a-z0-9._-]{0,63}$ (pattern)"),
            new ValidationError("$.bootloaders[0].status",
                "expected one of \"grub\", \"systemd\", \"grub-cc\", \"none\", found \"lilo\" (enum)"),
            new ValidationError("$.artifacts[0].serves", "expected one of \"own\", \"any\", found \"all\" (enum)"),
        ], errors);
    }

    [Fact]
    public void A_broken_digest_names_its_path_and_pattern()
    {
        string text = Fixture("booted-only.json");
        string digest = JsonDocument.Parse(text).RootElement.GetProperty("status").GetProperty("booted")
            .GetProperty("image").GetProperty("imageDigest").GetString()!;
        using var document = JsonDocument.Parse(text.Replace(digest, digest[..^2]));
        var error = Assert.Single(ShippedValidators.For("host-v1")!.Validate(document.RootElement));
        Assert.Equal("$.status.booted.image.imageDigest", error.JsonPath);
        Assert.EndsWith("does not match the pattern ^(sha256:)?[0-9a-f]{64}$ (pattern)", error.Reason);
    }
}
