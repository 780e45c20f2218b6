using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Models;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>Runs `status --json`, validates the document against the shipped schema and parses it.</summary>
public static class StatusReader
{
    private static readonly DocumentValidator Validator = DocumentValidator.FromText(ShippedSchemas.Read("host-v1")!,
        "host-v1");

    public static Host Status(this TestHost host)
    {
        var result = host.Cli("status", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        var errors = Validator.Validate(document.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return JsonSerializer.Deserialize(result.Stdout, HostV1JsonContext.Default.Host)!;
    }

    public static string? Verity(this BootEntry? entry) => entry?.Composefs?.Verity.Value;
}
