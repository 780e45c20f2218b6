using System.Text.Json;
using System.Text.Json.Nodes;
using BootcPlug.Cli.Schemas;
using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace BootcPlug.Deployments.Tests;

/// <summary>status in its three formats, the gc report document, and structured logs.</summary>
public sealed class OutputFormatTests : IDisposable
{
    private readonly TestHost _host = new(new HostConfig("grub", Uki: false));
    private readonly string _a, _b, _c;

    public OutputFormatTests()
    {
        _a = _host.Deploy(new DemoRelease(1, "k-one"));
        _host.BootInto(_a);
        _b = _host.Deploy(new DemoRelease(2, "k-one"));
        _host.BootInto(_b);
        _c = _host.Deploy(new DemoRelease(3, "k-two"), stage: true);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Json_is_canonical_with_sorted_keys_on_one_line()
    {
        string json = _host.Cli("status", "--format", "json").Stdout;
        Assert.EndsWith("}\n", json);
        Assert.Single(json.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(
            "{\"apiVersion\":\"org.containers.bootc/v1\",\"kind\":\"BootcHost\",\"metadata\":{\"name\":\"host\"},\"s" +
                "pec\":{\"bootOrder\":\"default\"", json);
        var keys = JsonNode.Parse(json)!["status"]!["booted"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(json, _host.Cli("status", "--json").Stdout);
    }

    [Fact]
    public void Yaml_carries_the_same_document_in_struct_order()
    {
        string yaml = _host.Cli("status", "--format", "yaml").Stdout;
        Assert.StartsWith("apiVersion: org.containers.bootc/v1\nkind: BootcHost\nmetadata:\n  name: host\nspec:\n",
            yaml);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var status = (YamlMappingNode)root["status"];
        Assert.Equal(new[] { "staged", "booted", "rollback", "rollbackQueued", "type", "usrOverlay", "readOnly" },
            status.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(_b,
            ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)status["booted"])["composefs"])["verity"]).Value);
        // The version "2" stays a string, not a number.
        Assert.Contains("version: \"2\"", yaml);
        // Without a terminal (as here), status defaults to YAML.
        Assert.Equal(yaml, _host.Cli("status").Stdout);
    }

    [Fact]
    public void Human_format_shows_each_slot_with_the_booted_one_marked()
    {
        string text = _host.Cli("status", "--format", "humanreadable").Stdout;
        Assert.Contains("  Staged image: quay.io/bootcplug/demo-os:3", text);
        Assert.Contains("● Booted image: quay.io/bootcplug/demo-os:2", text);
        Assert.Contains("  Rollback image: quay.io/bootcplug/demo-os:1", text);
        Assert.Contains($"Verity: {_b}", text);
        Assert.Contains("Version: 2 (2026-01-02T12:00:00Z)", text);
        string verbose = _host.Cli("status", "--format", "humanreadable", "-v").Stdout;
        Assert.Contains("FsVerity: Enforced", verbose);
        Assert.Contains("Download-only: no", verbose);
    }

    [Fact]
    public void Booted_filter_drops_staged_and_rollback()
    {
        var node = JsonNode.Parse(_host.Cli("status", "--json", "--booted").Stdout)!["status"]!;
        Assert.Null(node["staged"]);
        Assert.Null(node["rollback"]);
        Assert.Equal(_b, (string?)node["booted"]!["composefs"]!["verity"]);
        Assert.Equal(_host.Cli("status", "--json").Stdout,
            _host.Cli("status", "--json", "--format-version", "0").Stdout);
    }

    [Fact]
    public void Gc_json_report_is_valid_against_its_shipped_schema_and_matches_the_real_run()
    {
        var validator = DocumentValidator.FromText(ShippedSchemas.Read("gc-report")!, "gc-report");
        Assert.Equal(0, _host.Cli("delete-deployment", _a, "--no-gc").ExitCode);
        string dry = _host.Cli("gc", "--dry-run", "--json").Stdout;
        using (var document = JsonDocument.Parse(dry)) Assert.Empty(validator.Validate(document.RootElement));
        string real = _host.Cli("gc", "--json").Stdout;
        using (var document = JsonDocument.Parse(real)) Assert.Empty(validator.Validate(document.RootElement));

        var dryNode = JsonNode.Parse(dry)!.AsObject();
        var realNode = JsonNode.Parse(real)!.AsObject();
        Assert.True((bool)dryNode["dryRun"]!);
        Assert.False((bool)realNode["dryRun"]!);
        foreach (string kind in new[] { "bootArtifacts", "stateDirs", "tags", "objects", "imagesPruned",
            "streamsPruned", "removed" })
            Assert.True(JsonNode.DeepEquals(dryNode[kind], realNode[kind]),
                $"{kind}: dry run {dryNode[kind]} but real run {realNode[kind]}");
        Assert.Equal(1, (int)realNode["stateDirs"]!["count"]!);
        Assert.True((int)realNode["objects"]!["count"]! > 0);
    }

    [Fact]
    public void Json_logs_carry_timestamp_level_message_and_the_named_values_as_members()
    {
        var result = _host.Cli("finalize-staged", "-v", "--log-format", "json");
        Assert.Equal(0, result.ExitCode);
        var line = result.Stderr.Split('\n').First(l => l.Contains("Finalized staged deployment"));
        var log = JsonNode.Parse(line)!.AsObject();
        Assert.True(DateTimeOffset.TryParse((string?)log["timestamp"], out _), line);
        Assert.Equal("information", (string?)log["level"]);
        Assert.Equal($"Finalized staged deployment {_c}", (string?)log["message"]);
        Assert.Equal(_c, (string?)log["Deployment"]);
        Assert.Equal("finalize", (string?)log["Operation"]);
        Assert.DoesNotContain("System.Collections", line);
    }

    [Fact]
    public void The_result_is_printed_once_and_the_log_repeats_it_only_under_verbose()
    {
        var result = _host.Cli("finalize-staged");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Finalized staged deployment {_c}\n", result.Stdout);
        Assert.DoesNotContain("info:", result.Stderr);
        Assert.DoesNotContain("Finalized staged deployment", result.Stderr);
    }
}
