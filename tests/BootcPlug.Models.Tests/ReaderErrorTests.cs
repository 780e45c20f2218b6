using System.Text.Json;

namespace BootcPlug.Models.Tests;

public sealed class ReaderErrorTests
{
    [Theory]
    [InlineData("{\"kind\":\"BootcHost\"}", "$: the required property 'apiVersion' of Host is missing")]
    [InlineData("{\"apiVersion\":1,\"kind\":\"BootcHost\"}", "$.apiVersion: expected a string, found a number")]
    [InlineData("{\"apiVersion\":\"v\",\"kind\":\"k\",\"spec\":{\"bootOrder\":\"sideways\"}}",
        "$.spec.bootOrder: 'sideways' is not one of: default, rollback")]
    [InlineData("{\"apiVersion\":\"v\",\"kind\":\"k\",\"status\":{\"rollbackQueued\":\"no\"}}",
        "$.status.rollbackQueued: expected a boolean, found a string")]
    [InlineData("{\"apiVersion\":\"v\",\"kind\":\"k\",\"kind\":\"k\"}", "$.kind: the property appears more than once")]
    [InlineData(
        "{\"apiVersion\":\"v\",\"kind\":\"k\","
        + "\"spec\":{\"image\":{\"image\":\"i\",\"transport\":\"t\",\"signature\":{\"gpg\":\"x\"}}}}",
        "$.spec.image.signature.gpg: not one of the properties: ostreeRemote")]
    [InlineData("{\"apiVersion\":\"v\",\"kind\":\"k\",\"status\":{\"otherDeployments\":[{\"incompatible\":false}]}}",
        "$.status.otherDeployments[0]: the required property 'pinned' of BootEntry is missing")]
    public void Invalid_document_names_the_path_and_the_problem(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() => Fixture.Parse(json));
        Assert.Equal(expected, error.Message);
    }
}
