using System.Text.Json;

namespace BootcPlug.Composefs.Oci;

/// <summary>An image manifest: its config descriptor and its layer descriptors, bottom layer first.</summary>
internal sealed record OciManifest(OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers)
{
    internal static OciManifest Parse(ReadOnlySpan<byte> json, string where)
    {
        using var document = OciJson.ParseObject(json, where);
        var root = document.RootElement;
        if (root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String
            && m.GetString() is OciMediaTypes.ImageIndex)
            throw new ComposefsFormatException(where, null, "is an image index, not an image manifest");
        if (!root.TryGetProperty("config", out var config))
            throw new ComposefsFormatException(where, null, "manifest has no config descriptor");
        var layers = new List<OciDescriptor>();
        if (root.TryGetProperty("layers", out var array))
        {
            if (array.ValueKind != JsonValueKind.Array)
                throw new ComposefsFormatException(where, null, "manifest layers are not an array");
            foreach (var layer in array.EnumerateArray()) layers.Add(OciDescriptor.Parse(layer, where));
        }
        return new OciManifest(OciDescriptor.Parse(config, where), layers);
    }
}

/// <summary>
/// What an image config says that BootcPlug uses: the layers' uncompressed digests (diff_ids, bottom first),
/// the platform, the creation time and the labels.
/// </summary>
public sealed class OciImageConfig
{
    internal OciImageConfig(IReadOnlyList<OciDigest> diffIds, string architecture, string os, string? created,
        IReadOnlyDictionary<string, string> labels)
    {
        DiffIds = diffIds;
        Architecture = architecture;
        Os = os;
        Created = created;
        Labels = labels;
    }

    /// <summary>The layers' uncompressed digests, bottom layer first.</summary>
    public IReadOnlyList<OciDigest> DiffIds { get; }

    public string Architecture { get; }

    public string Os { get; }

    /// <summary>The <c>created</c> time as the config writes it (RFC 3339), if any.</summary>
    public string? Created { get; }

    /// <summary>The image labels (<c>config.Labels</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public const string VersionLabel = "org.opencontainers.image.version";

    /// <summary>The <c>org.opencontainers.image.version</c> label, if set.</summary>
    public string? Version => Labels.TryGetValue(VersionLabel, out var version) ? version : null;

    internal static OciImageConfig Parse(ReadOnlySpan<byte> json, string where)
    {
        using var document = OciJson.ParseObject(json, where);
        var root = document.RootElement;
        var diffIds = new List<OciDigest>();
        if (!root.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object
            || !rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            throw new ComposefsFormatException(where, null, "image config has no rootfs.diff_ids");
        foreach (var id in ids.EnumerateArray())
            diffIds.Add(OciDigest.Parse(id.ValueKind == JsonValueKind.String ? id.GetString() : null, where));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("config", out var runtime) && runtime.ValueKind == JsonValueKind.Object
            && runtime.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object)
            foreach (var label in l.EnumerateObject())
                if (label.Value.ValueKind == JsonValueKind.String) labels[label.Name] = label.Value.GetString()!;
        return new OciImageConfig(diffIds, OciJson.String(root, "architecture") ?? "", OciJson.String(root, "os") ?? "",
            OciJson.String(root, "created"), labels);
    }
}

internal static class OciJson
{
    public static JsonDocument ParseObject(ReadOnlySpan<byte> json, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ComposefsFormatException(where, null, "not valid JSON: " + e.Message, e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new ComposefsFormatException(where, null, "is not a JSON object");
        }
        return document;
    }

    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
