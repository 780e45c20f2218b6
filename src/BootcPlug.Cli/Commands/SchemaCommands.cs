using System.CommandLine;
using BootcPlug.Cli.Docs;
using BootcPlug.Cli.Schemas;

namespace BootcPlug.Cli.Commands;

/// <summary>`schema print [NAME]` and `schema validate FILE... [--schema FILE]`.</summary>
public static class SchemaCommands
{
    public static Command Create()
    {
        var schema = new Command("schema", "Print the shipped JSON schemas and validate documents against them.");
        schema.Subcommands.Add(CreatePrint());
        schema.Subcommands.Add(CreateValidate());
        return schema;
    }

    private static Command CreatePrint()
    {
        var name = new Argument<string>("NAME")
        {
            Description = "A shipped schema: " + string.Join(", ", ShippedSchemas.Names) + ".",
            DefaultValueFactory = _ => ShippedSchemas.DefaultName,
        };
        // Offered for completion; an unknown name gets the verb's own message (not the parser's).
        name.CompletionSources.Add([.. ShippedSchemas.Names]);
        var print = new Command("print", "Print a shipped schema.") { name };
        print.SetAction(parse =>
        {
            string requested = parse.GetValue(name)!;
            string? text = ShippedSchemas.Read(requested);
            if (text is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bootcplug: no shipped schema named '{requested}' "
                    + $"(known: {string.Join(", ", ShippedSchemas.Names)})");
                return ExitCodes.Usage;
            }
            parse.InvocationConfiguration.Output.Write(text);
            return ExitCodes.Success;
        });
        return print;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "JSON or YAML documents to validate; '-' reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        files.CompletesAsFile();
        var schemaOption = new Option<string?>("--schema")
        {
            Description = "Validate against this schema file instead of the shipped status schema (a shipped schema's "
                + "name also works: it is checked by its generated validator).",
            HelpName = "FILE",
        };
        schemaOption.CompletesAsFile();
        var validate = new Command("validate",
            "Validate documents against a JSON schema. Exit 0: all valid; 1: some invalid; 2: unreadable input.")
        {
            files,
            schemaOption,
        };
        validate.SetAction(parse =>
            new SchemaValidation(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
            .Run(parse.GetValue(files)!, parse.GetValue(schemaOption)));
        return validate;
    }
}
