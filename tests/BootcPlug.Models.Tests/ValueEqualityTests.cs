using System.Text.Json.Nodes;

namespace BootcPlug.Models.Tests;

/// <summary>Two reads of one document are equal records, lists and dictionaries included.</summary>
public sealed class ValueEqualityTests
{
    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name + ".json"));

    public static TheoryData<string> Documents => new()
    {
        "samples/status-booted-staged-rollback", "demo-host", "other-deployments", "uki-systemd", "usr-overlay",
        "v1alpha1-ostree",
    };

    private static string DocumentText(string name) =>
        name.StartsWith("samples/", StringComparison.Ordinal) ? Sample(name["samples/".Length..]) : Fixture.Text(name);

    private static void AssertSame(Host left, Host right)
    {
        Assert.NotSame(left, right);
        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_same_document_read_twice_is_equal_with_equal_hash_codes(string name)
    {
        string json = DocumentText(name);
        AssertSame(Fixture.Parse(json), Fixture.Parse(json));
    }

    [Fact]
    public void The_demo_host_written_and_read_back_is_equal_to_what_was_read()
    {
        Host read = Fixture.Read("demo-host");
        AssertSame(read, Fixture.Parse(Fixture.Write(read)));
    }

    [Fact]
    public void Changing_one_list_element_makes_them_differ()
    {
        Host host = Fixture.Read("other-deployments");
        var others = host.Status.OtherDeployments;
        Host rebuilt = host with { Status = host.Status with { OtherDeployments = [others[0], others[1]] } };
        AssertSame(host, rebuilt);

        BootEntry changed = others[1] with { Pinned = !others[1].Pinned };
        Host differs = host with { Status = host.Status with { OtherDeployments = [others[0], changed] } };
        Assert.NotEqual(host, differs);

        Host reordered = host with { Status = host.Status with { OtherDeployments = [others[1], others[0]] } };
        Assert.NotEqual(host, reordered);
    }

    private static Host WithLabels(string json, params (string Key, string Value)[] labels)
    {
        var document = JsonNode.Parse(json)!;
        var node = new JsonObject();
        foreach (var (key, value) in labels) node[key] = value;
        document["metadata"]!["labels"] = node;
        return Fixture.Parse(document.ToJsonString());
    }

    [Fact]
    public void Dictionaries_compare_by_keys_and_values_in_any_order()
    {
        string json = Sample("status-booted-staged-rollback");
        Host host = WithLabels(json, ("tier", "edge"), ("site", "north"));
        AssertSame(host, WithLabels(json, ("site", "north"), ("tier", "edge")));
        Assert.NotEqual(host, WithLabels(json, ("tier", "edge"), ("site", "south")));
        Assert.NotEqual(host, WithLabels(json, ("tier", "edge")));
        Assert.NotEqual(host, WithLabels(json, ("tier", "edge"), ("zone", "north")));
    }

    private static Host WithUnknownMember(string json, string value)
    {
        var document = JsonNode.Parse(json)!;
        document["status"]!["vendorExtra"] = JsonNode.Parse(value);
        return Fixture.Parse(document.ToJsonString());
    }

    [Fact]
    public void Unknown_members_kept_as_json_compare_by_content()
    {
        string json = Sample("status-booted-staged-rollback");
        Host host = WithUnknownMember(json, """{"a":[1,2],"b":"x"}""");
        AssertSame(host, WithUnknownMember(json, """{"b":"x","a":[1,2]}"""));
        Assert.NotEqual(host, WithUnknownMember(json, """{"a":[2,1],"b":"x"}"""));
        Assert.NotEqual(host, Fixture.Parse(json));
    }
}
