using System.Text.Json;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// What `schema validate` does: every file (JSON or YAML) checked, every error printed as `FILE: PATH: REASON`. The
/// shipped schemas are checked by their generated validators, a schema file by JsonSchema.Net.
/// </summary>
public sealed class SchemaValidation(TextWriter output, TextWriter error)
{
    public int Run(IReadOnlyList<string> files, string? schemaArgument)
    {
        ISchemaValidator validator;
        try
        {
            validator = LoadValidator(schemaArgument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"bootcplug: {ex.Message}");
            return ExitCodes.Usage;
        }

        bool anyInvalid = false, anyUnreadable = false;
        foreach (string file in files)
        {
            string name = file == "-" ? "<stdin>" : file;
            JsonDocument document;
            try
            {
                string text = file == "-" ? Console.In.ReadToEnd() : File.ReadAllText(file);
                document = DocumentInput.Parse(text);
            }
            catch (InvalidDataException ex)
            {
                error.WriteLine($"bootcplug: {name}: {ex.Message}");
                anyUnreadable = true;
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"bootcplug: {name}: cannot read: {ex.Message}");
                anyUnreadable = true;
                continue;
            }

            using (document)
            {
                var problems = validator.Validate(document.RootElement);
                if (problems.Count == 0)
                {
                    output.WriteLine($"{name}: valid");
                    continue;
                }
                anyInvalid = true;
                foreach (var problem in problems) output.WriteLine($"{name}: {problem.JsonPath}: {problem.Reason}");
            }
        }
        return anyUnreadable ? ExitCodes.Usage : anyInvalid ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static ISchemaValidator LoadValidator(string? schemaArgument)
    {
        if (schemaArgument is null) return ShippedValidators.For(ShippedSchemas.DefaultName)!;
        if (!File.Exists(schemaArgument) && ShippedSchemas.Read(schemaArgument) is string shipped)
            return ShippedValidators.For(schemaArgument)
                ?? DocumentValidator.FromText(shipped, "schema " + schemaArgument);
        return DocumentValidator.FromText(File.ReadAllText(schemaArgument), schemaArgument);
    }
}
