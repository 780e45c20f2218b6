using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>What status shows about an image besides its reference: from its OCI manifest and config.</summary>
public sealed record ImageDetails(string? Version, DateTimeOffset? Created, string? Architecture);

/// <summary>
/// `&lt;verity&gt;.imginfo`: `{"manifest": …, "config": …}`, the OCI manifest and config of a deployment's image, as
/// bootc's older deployments keep them. `deploy` writes one for the tree it deployed (a config with architecture,
/// os and created time; a manifest that names that config by digest), so the origin's manifest_digest is the real
/// sha256 of a real manifest.
/// </summary>
public static class ImageInfoFile
{
    public const string VersionAnnotation = "org.opencontainers.image.version";

    /// <summary>Writes the file and returns the manifest's digest, `sha256:…`.</summary>
    public static string Write(string path, string architecture, DateTimeOffset created, string? version,
        DurableFiles durable)
    {
        var config = new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
                System.Globalization.CultureInfo.InvariantCulture),
            ["config"] = new JsonObject
            {
                ["Labels"] = version is null ? new JsonObject() : new JsonObject { [VersionAnnotation] = version },
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
        };
        byte[] configBytes = JsonSerializer.SerializeToUtf8Bytes(config);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.config.v1+json",
                ["digest"] = Digest(configBytes),
                ["size"] = configBytes.Length,
            },
            ["layers"] = new JsonArray(),
            ["annotations"] = version is null ? new JsonObject() : new JsonObject { [VersionAnnotation] = version },
        };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest);
        var info = new JsonObject
        {
            ["manifest"] = JsonNode.Parse(manifestBytes),
            ["config"] = JsonNode.Parse(configBytes),
        };
        durable.WriteFile(path, JsonSerializer.SerializeToUtf8Bytes(info));
        return Digest(manifestBytes);
    }

    /// <summary>Writes the file for a container image: its manifest and config JSON as the image has them.</summary>
    public static void WriteImage(string path, byte[] manifestJson, byte[] configJson, DurableFiles durable)
    {
        var info = new JsonObject
        {
            ["manifest"] = JsonNode.Parse(manifestJson),
            ["config"] = JsonNode.Parse(configJson),
        };
        durable.WriteFile(path, JsonSerializer.SerializeToUtf8Bytes(info));
    }

    /// <summary>Reads version, build time and architecture; null when there is no file.</summary>
    public static ImageDetails? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            JsonElement manifest = root.TryGetProperty("manifest", out var m) ? m : default;
            JsonElement config = root.TryGetProperty("config", out var c) ? c : default;
            string? version = String(manifest, "annotations", VersionAnnotation)
                ?? String(config, "config", "Labels", VersionAnnotation);
            string? createdText = String(config, "created");
            DateTimeOffset? created = createdText is not null
                && DateTimeOffset.TryParse(createdText, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var t) ? t : null;
            return new ImageDetails(version, created, String(config, "architecture"));
        }
        catch (JsonException ex)
        {
            throw new StateFileException(path, (int?)(ex.LineNumber + 1), $"not valid JSON: {ex.Message}");
        }
    }

    private static string? String(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
