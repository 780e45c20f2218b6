using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BootcPlug.Cli.Output;

/// <summary>
/// Writes a JSON value as YAML in the order of its members (for the status document: the struct order that bootc's
/// YAML uses). Strings that a YAML reader would take for something else (true, null, 1.0, an empty string) are quoted.
/// </summary>
public static class JsonYaml
{
    public static string Write(JsonElement value)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        WriteValue(emitter, value);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteValue(IEmitter emitter, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                emitter.Emit(new MappingStart());
                foreach (var property in value.EnumerateObject())
                {
                    WriteString(emitter, property.Name);
                    WriteValue(emitter, property.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in value.EnumerateArray()) WriteValue(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                WriteString(emitter, value.GetString()!);
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, value.GetRawText(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        var style = LooksLikeAnotherType(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    private static bool LooksLikeAnotherType(string text) =>
        text.Length == 0
        || text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "no" or "on" or "off" or "y" or "n" or "Yes" or "No" or "On" or "Off"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || text.Trim() != text;
}
