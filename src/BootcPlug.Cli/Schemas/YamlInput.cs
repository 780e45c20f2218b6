using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// Reads a YAML document (as `bootcplug status` and `bootc status` print it off a terminal) into the JSON it
/// stands for. Plain scalars get their type from YAML 1.2's core schema (null, true/false, integers, floats);
/// quoted scalars and `!!str` are strings; mappings become objects in their order, sequences arrays.
/// </summary>
public static partial class YamlInput
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> with the reason when the text is not one YAML document.
    /// </summary>
    public static JsonDocument Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception ex) when (ex is YamlException or ArgumentException)
        {
            throw new InvalidDataException(ParseErrorText.Flatten(ex.Message), ex);
        }
        if (stream.Documents.Count != 1)
            throw new InvalidDataException($"{stream.Documents.Count} YAML documents; give one per file");

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, stream.Documents[0].RootNode);
        return JsonDocument.Parse(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode name)
                        throw new InvalidDataException($"line {key.Start.Line}: a mapping key is not a plain value");
                    writer.WritePropertyName(name.Value ?? "");
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children) Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new InvalidDataException($"line {node.Start.Line}: unsupported YAML node");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        string tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        bool plain = scalar.Style == ScalarStyle.Plain && (tag.Length == 0 || tag == "?");
        string type = tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag[TagPrefix.Length..]
            : plain ? Resolve(text)
            : "str";
        switch (type)
        {
            case "null":
                writer.WriteNullValue();
                break;
            case "bool" when TryBoolean(text, out bool boolean):
                writer.WriteBooleanValue(boolean);
                break;
            case "int" when TryInteger(text, out string integer):
                writer.WriteRawValue(integer);
                break;
            case "float" when TryFloat(text, out string number):
                writer.WriteRawValue(number);
                break;
            case "str":
                writer.WriteStringValue(text);
                break;
            default:
                throw new InvalidDataException(
                    $"line {scalar.Start.Line}: '{text}' cannot be read as {type} in JSON");
        }
    }

    /// <summary>The core schema's type of a plain scalar.</summary>
    private static string Resolve(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return "null";
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return "bool";
        if (IntegerSyntax().IsMatch(text)) return "int";
        if (FloatSyntax().IsMatch(text)) return "float";
        return "str";
    }

    private static bool TryBoolean(string text, out bool value)
    {
        value = text is "true" or "True" or "TRUE";
        return value || text is "false" or "False" or "FALSE";
    }

    private static bool TryInteger(string text, out string json)
    {
        json = "";
        BigInteger value;
        string digits = text.TrimStart('+');
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!BigInteger.TryParse("0" + digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                    out value)) return false;
        }
        else if (digits.StartsWith("0o", StringComparison.Ordinal))
        {
            value = BigInteger.Zero;
            foreach (char c in digits[2..])
            {
                if (c is < '0' or > '7') return false;
                value = value * 8 + (c - '0');
            }
        }
        else if (!BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return false;
        json = value.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>A float JSON can hold; .inf and .nan cannot be, and are refused.</summary>
    private static bool TryFloat(string text, out string json)
    {
        json = "";
        string number = text.TrimStart('+');
        if (number.StartsWith('.')) number = "0" + number;
        else if (number.StartsWith("-.", StringComparison.Ordinal)) number = "-0" + number[1..];
        number = number.Replace(".e", ".0e").Replace(".E", ".0E");
        if (number.EndsWith('.')) number += "0";
        if (!JsonNumberSyntax().IsMatch(number)) return false;
        json = number;
        return true;
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatSyntax();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumberSyntax();
}
