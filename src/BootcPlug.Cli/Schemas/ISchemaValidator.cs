using System.Text.Json;

namespace BootcPlug.Cli.Schemas;

/// <summary>Checks a document against one schema and says every way it breaks it.</summary>
public interface ISchemaValidator
{
    IReadOnlyList<ValidationError> Validate(JsonElement document);
}
