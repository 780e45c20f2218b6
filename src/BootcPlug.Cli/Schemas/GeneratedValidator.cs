using System.Text.Json;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// A validator the schema generator emitted for a shipped schema (HostV1Validator and the like): compiled checks
/// instead of JsonSchema.Net's interpreter, the same verdicts, errors in document order.
/// </summary>
public sealed class GeneratedValidator(Func<JsonElement, IReadOnlyList<(string Path, string Message)>> validate)
    : ISchemaValidator
{
    public IReadOnlyList<ValidationError> Validate(JsonElement document) =>
        validate(document).Select(error => new ValidationError(error.Path, error.Message)).ToList();
}
