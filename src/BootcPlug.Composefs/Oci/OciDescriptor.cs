using System.Text.Json;

namespace BootcPlug.Composefs.Oci;

/// <summary>An OCI content descriptor: what a blob is, its digest and its size.</summary>
internal sealed record OciDescriptor(string MediaType, OciDigest Digest, long Size,
    IReadOnlyDictionary<string, string> Annotations)
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    internal static OciDescriptor Parse(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ComposefsFormatException(where, null, "a descriptor is not a JSON object");
        string mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "";
        var digest = OciDigest.Parse(
            element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            where);
        if (!element.TryGetProperty("size", out var s) || !s.TryGetInt64(out long size) || size < 0)
            throw new ComposefsFormatException(where, null, $"descriptor {digest} has no valid size");
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
            foreach (var property in a.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.String)
                    annotations[property.Name] = property.Value.GetString()!;
        return new OciDescriptor(mediaType, digest, size, annotations);
    }

    public string? RefName => Annotations.TryGetValue(RefNameAnnotation, out var name) ? name : null;
}
