using System.Text;
using System.Text.Json;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>The repository's <c>meta.json</c>: format version, fs-verity algorithm, feature flags.</summary>
public sealed record RepositoryMetadata(FsVerityAlgorithm Algorithm, IReadOnlyList<string> ReadOnlyCompatibleFeatures)
{
    public const int FormatVersion = 1;
    public const string FileName = "meta.json";

    /// <summary>Features this implementation knows; none are defined yet.</summary>
    private static readonly HashSet<string> KnownFeatures = new(StringComparer.Ordinal);

    public static RepositoryMetadata Parse(ReadOnlySpan<byte> json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ComposefsFormatException(file, null, "is not a JSON object");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt64(out long versionNumber)
                || versionNumber < 0)
                throw new ComposefsFormatException(file, null, "has no valid \"version\"");
            if (versionNumber > FormatVersion)
                throw new ComposefsFormatException(file, null,
                    $"repository format version {versionNumber} is newer than the supported {FormatVersion}");
            if (!root.TryGetProperty("algorithm", out var algorithmElement)
                || algorithmElement.ValueKind != JsonValueKind.String
                || !algorithmElement.GetString()!.StartsWith("fsverity-", StringComparison.Ordinal)
                || !FsVerityAlgorithms.TryParse(algorithmElement.GetString(), out var algorithm))
                throw new ComposefsFormatException(file, null,
                    "has no supported \"algorithm\" (fsverity-sha256-12 or fsverity-sha512-12)");
            var readOnly = new List<string>();
            if (root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Object)
            {
                var incompatible = Unknown(features, "incompatible", file);
                if (incompatible.Count > 0)
                    throw new ComposefsFormatException(
                        file, null, "unknown incompatible features: " + string.Join(", ", incompatible));
                readOnly = Unknown(features, "read-only-compatible", file);
            }
            return new RepositoryMetadata(algorithm, readOnly);
        }
        catch (JsonException e)
        {
            throw new ComposefsFormatException(file, e.BytePositionInLine, "is not valid JSON: " + e.Message, e);
        }
    }

    private static List<string> Unknown(JsonElement features, string kind, string file)
    {
        var unknown = new List<string>();
        if (!features.TryGetProperty(kind, out var list)) return unknown;
        if (list.ValueKind != JsonValueKind.Array)
            throw new ComposefsFormatException(file, null, $"\"features.{kind}\" is not an array");
        foreach (var item in list.EnumerateArray())
        {
            string name = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString();
            if (!KnownFeatures.Contains(name)) unknown.Add(name);
        }
        return unknown;
    }

    /// <summary>Pretty JSON with two-space indentation and a trailing newline, as upstream writes it.</summary>
    public byte[] ToJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("algorithm", Algorithm.RepositoryName());
            writer.WriteStartObject("features");
            foreach (var kind in new[] { "compatible", "read-only-compatible", "incompatible" })
            {
                writer.WriteStartArray(kind);
                if (kind == "read-only-compatible")
                    foreach (var feature in ReadOnlyCompatibleFeatures) writer.WriteStringValue(feature);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write(Encoding.ASCII.GetBytes("\n"));
        return buffer.ToArray();
    }
}
