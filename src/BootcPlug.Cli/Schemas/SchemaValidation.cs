using System.Text.Json;

namespace BootcPlug.Cli.Schemas;

/// <summary>What `schema validate` does: every file checked, every error printed as `FILE: PATH: REASON`.</summary>
public sealed class SchemaValidation(TextWriter output, TextWriter error)
{
    public int Run(IReadOnlyList<string> files, string? schemaArgument)
    {
        DocumentValidator validator;
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
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                error.WriteLine($"bootcplug: {name}: not valid JSON: {ParseErrorText.Flatten(ex.Message)}");
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

    private static DocumentValidator LoadValidator(string? schemaArgument)
    {
        if (schemaArgument is null)
            return DocumentValidator.FromText(
                ShippedSchemas.Read(ShippedSchemas.DefaultName)!, "schema " + ShippedSchemas.DefaultName);
        if (!File.Exists(schemaArgument) && ShippedSchemas.Read(schemaArgument) is string shipped)
            return DocumentValidator.FromText(shipped, "schema " + schemaArgument);
        return DocumentValidator.FromText(File.ReadAllText(schemaArgument), schemaArgument);
    }
}
