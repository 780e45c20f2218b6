using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootcPlug.Models.Tests;

internal static class Fixture
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));

    public static Host Read(string name) => Parse(Text(name));

    public static Host Parse(string json) => JsonSerializer.Deserialize(json, HostV1JsonContext.Default.Host)!;

    public static string Write(Host host) => JsonSerializer.Serialize(host, HostV1JsonContext.Default.Host);

    public static bool SameJson(string left, string right) =>
        JsonNode.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right));
}
