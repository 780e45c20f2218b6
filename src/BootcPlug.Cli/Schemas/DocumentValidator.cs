using System.Text.Json;
using Json.Schema;

namespace BootcPlug.Cli.Schemas;

/// <summary>One reason a document does not match its schema.</summary>
public sealed record ValidationError(string JsonPath, string Reason);

/// <summary>Validates JSON documents against one JSON Schema (draft 6 to 2020-12) with JsonSchema.Net.</summary>
public sealed class DocumentValidator : ISchemaValidator
{
    private readonly JsonSchema _schema;

    private DocumentValidator(JsonSchema schema) => _schema = schema;

    /// <summary>
    /// Builds a validator; throws <see cref="InvalidDataException"/> naming <paramref name="origin"/> when the schema
    /// is unusable.
    /// </summary>
    public static DocumentValidator FromText(string schemaText, string origin)
    {
        try
        {
            // A registry of its own per schema: two schemas with the same $id must not collide, and nothing is fetched.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return new DocumentValidator(JsonSchema.FromText(schemaText, options));
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException
                                        or InvalidOperationException or RefResolutionException)
        {
            throw new InvalidDataException($"{origin}: not a usable JSON schema: {ex.Message}", ex);
        }
    }

    public IReadOnlyList<ValidationError> Validate(JsonElement document)
    {
        EvaluationResults results = _schema.Evaluate(document,
            new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) return [];
        return ErrorSummary.Summarize(Flatten(results));
    }

    private static IEnumerable<(string Pointer, string Keyword, string Message)> Flatten(EvaluationResults results)
    {
        var stack = new Stack<EvaluationResults>();
        stack.Push(results);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            // A valid node (e.g. the anyOf branch that matched) says nothing about the error.
            if (node.IsValid) continue;
            if (node.Errors is not null)
            {
                foreach (var (keyword, message) in node.Errors)
                    yield return (node.InstanceLocation.ToString(), keyword, message);
            }
            if (node.Details is not null)
            {
                foreach (var child in node.Details) stack.Push(child);
            }
        }
    }
}
