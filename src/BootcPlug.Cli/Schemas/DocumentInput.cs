using System.Text.Json;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// A document to validate, given as JSON or YAML: text that starts with '{' or '[' is JSON (and reported as such
/// when broken), anything else is read as YAML, which covers `bootcplug status` off a terminal.
/// </summary>
public static class DocumentInput
{
    /// <summary>Throws <see cref="InvalidDataException"/> saying what the text is not.</summary>
    public static JsonDocument Parse(string text)
    {
        string start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith('{') || start.StartsWith('['))
        {
            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException("not valid JSON: " + ParseErrorText.Flatten(ex.Message), ex);
            }
        }
        try
        {
            return YamlInput.Parse(text);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException("not valid JSON or YAML: " + ex.Message, ex);
        }
    }
}
