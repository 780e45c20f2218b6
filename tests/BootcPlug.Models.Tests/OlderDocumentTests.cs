using System.Text.Json.Nodes;

namespace BootcPlug.Models.Tests;

/// <summary>bootc's v1alpha1 documents of ostree-backed hosts, with members our schema does not declare.</summary>
public sealed class OlderDocumentTests
{
    [Fact]
    public void V1alpha1_ostree_document_reads_with_unions_and_ostree_state()
    {
        Host host = Fixture.Read("v1alpha1-ostree");
        Assert.Equal("org.containers.bootc/v1alpha1", host.ApiVersion);
        Assert.Equal(ImageSignatureKind.Insecure, host.Spec.Image!.Signature!.Kind);
        ImageSignature remote = host.Status.Booted!.Image!.Image.Signature!;
        Assert.Equal(ImageSignatureKind.OstreeRemote, remote.Kind);
        Assert.Equal("fedora", remote.OstreeRemote);
        Assert.Equal(3u, host.Status.Booted.Ostree!.DeploySerial);
        Assert.Equal(Store.OstreeContainer, host.Status.Booted.Store);
        Assert.Equal(HostType.BootcHost, host.Status.Type);
        Assert.True(host.Status.Staged!.AdditionalProperties!["finalizationLocked"].GetBoolean());
        Assert.False(host.Status.AdditionalProperties!["isContainer"].GetBoolean());
    }

    [Fact]
    public void Undeclared_members_survive_and_a_second_round_trip_is_a_fixed_point()
    {
        string first = Fixture.Write(Fixture.Read("v1alpha1-ostree"));
        var node = JsonNode.Parse(first)!;
        Assert.Equal(true, (bool?)node["status"]!["staged"]!["finalizationLocked"]);
        Assert.Equal(false, (bool?)node["status"]!["isContainer"]);
        Assert.Equal("fedora", (string?)node["status"]!["booted"]!["image"]!["image"]!["signature"]!["ostreeRemote"]);
        Assert.Equal("insecure", (string?)node["spec"]!["image"]!["signature"]);
        string second = Fixture.Write(Fixture.Parse(first));
        Assert.Equal(first, second);
    }
}
