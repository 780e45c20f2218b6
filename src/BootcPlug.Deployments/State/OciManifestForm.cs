using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BootcPlug.Deployments.State;

/// <summary>
/// An OCI image manifest written out again the way bootc writes the one it read from a legacy <c>.imginfo</c>, so
/// that its sha256 is the digest bootc reports: compact JSON; the manifest's known fields only, in the order
/// schemaVersion, mediaType, artifactType, config, layers, subject, annotations (descriptors: mediaType, digest, size,
/// urls, annotations, platform, artifactType, data); absent or null optional fields left out, an empty map or list
/// kept; strings escaped only where JSON requires it (quote, backslash, control characters), everything else
/// written as UTF-8. Map entries keep the order of the file (bootc's own order there is not fixed).
/// </summary>
public static partial class OciManifestForm
{
    /// <summary>The manifest's bytes as bootc serializes it; a manifest bootc could not read throws.</summary>
    public static byte[] Serialize(JsonElement manifest)
    {
        var json = new StringBuilder();
        Object(json, manifest, "manifest", writer =>
        {
            writer.Number("schemaVersion", uint.MaxValue, required: true);
            writer.String("mediaType");
            writer.String("artifactType");
            writer.Descriptor("config", required: true);
            writer.List("layers", (b, e, where) => Descriptor(b, e, where), required: true);
            writer.Descriptor("subject");
            writer.Map("annotations");
        });
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void Descriptor(StringBuilder json, JsonElement descriptor, string where) =>
        Object(json, descriptor, where, writer =>
        {
            writer.String("mediaType", required: true);
            writer.String("digest", required: true, check: ValidDigest);
            writer.Number("size", ulong.MaxValue, required: true);
            writer.List("urls", (b, e, w) => Text(b, e, w));
            writer.Map("annotations");
            writer.Platform("platform");
            writer.String("artifactType");
            writer.String("data");
        });

    private static void Platform(StringBuilder json, JsonElement platform, string where) =>
        Object(json, platform, where, writer =>
        {
            writer.String("architecture", required: true);
            writer.String("os", required: true);
            writer.String("os_version");
            writer.List("os_features", (b, e, w) => Text(b, e, w));
            writer.String("variant");
            writer.List("features", (b, e, w) => Text(b, e, w));
        });

    private static void Object(StringBuilder json, JsonElement element, string where, Action<FieldWriter> fields)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected an object");
        json.Append('{');
        fields(new FieldWriter(json, element, where));
        json.Append('}');
    }

    private static void Text(StringBuilder json, JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.String) throw new FormatException($"{where}: expected a string");
        Quote(json, element.GetString()!);
    }

    /// <summary>JSON string escaping as serde_json does it: only what JSON requires, lowercase \u00xx.</summary>
    private static void Quote(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }

    /// <summary>algorithm:encoded, as OCI digests are written (sha256, sha384, sha512: their hex lengths).</summary>
    private static string? ValidDigest(string digest)
    {
        var match = DigestPattern().Match(digest);
        if (!match.Success) return $"'{digest}' is not a digest (algorithm:encoded)";
        int? length = match.Groups[1].Value switch { "sha256" => 64, "sha384" => 96, "sha512" => 128, _ => null };
        string encoded = match.Groups[2].Value;
        return length is { } expected && (encoded.Length != expected || !encoded.All(char.IsAsciiHexDigitLower))
            ? $"'{digest}': expected {expected} lowercase hex digits"
            : null;
    }

    [GeneratedRegex("^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$")]
    private static partial Regex DigestPattern();

    /// <summary>Writes the fields of one object in the order they are asked for, with the commas between.</summary>
    private sealed class FieldWriter(StringBuilder json, JsonElement source, string where)
    {
        private bool _first = true;

        public void String(string name, bool required = false, Func<string, string?>? check = null)
        {
            if (Value(name, required) is not { } value) return;
            if (value.ValueKind != JsonValueKind.String)
                throw new FormatException($"{where}.{name}: expected a string");
            if (check?.Invoke(value.GetString()!) is { } problem)
                throw new FormatException($"{where}.{name}: {problem}");
            Name(name);
            Quote(json, value.GetString()!);
        }

        public void Number(string name, ulong max, bool required = false)
        {
            if (Value(name, required) is not { } value) return;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out ulong number) || number > max)
                throw new FormatException($"{where}.{name}: expected a whole number from 0 to {max}");
            Name(name);
            json.Append(number.ToString(CultureInfo.InvariantCulture));
        }

        public void Descriptor(string name, bool required = false)
        {
            if (Value(name, required) is not { } value) return;
            Name(name);
            OciManifestForm.Descriptor(json, value, $"{where}.{name}");
        }

        public void Platform(string name)
        {
            if (Value(name, required: false) is not { } value) return;
            Name(name);
            OciManifestForm.Platform(json, value, $"{where}.{name}");
        }

        public void List(string name, Action<StringBuilder, JsonElement, string> item, bool required = false)
        {
            if (Value(name, required) is not { } value) return;
            if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"{where}.{name}: expected a list");
            Name(name);
            json.Append('[');
            int index = 0;
            foreach (var element in value.EnumerateArray())
            {
                if (index > 0) json.Append(',');
                item(json, element, $"{where}.{name}[{index++}]");
            }
            json.Append(']');
        }

        public void Map(string name)
        {
            if (Value(name, required: false) is not { } value) return;
            if (value.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}.{name}: expected a map");
            Name(name);
            json.Append('{');
            bool first = true;
            foreach (var entry in value.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new FormatException($"{where}.{name}.{entry.Name}: expected a string");
                if (!first) json.Append(',');
                first = false;
                Quote(json, entry.Name);
                json.Append(':');
                Quote(json, entry.Value.GetString()!);
            }
            json.Append('}');
        }

        /// <summary>The field's value; null when it is absent or null (then a required field throws).</summary>
        private JsonElement? Value(string name, bool required)
        {
            if (source.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
            if (required) throw new FormatException($"{where}.{name}: missing");
            return null;
        }

        private void Name(string name)
        {
            if (!_first) json.Append(',');
            _first = false;
            Quote(json, name);
            json.Append(':');
        }
    }
}
