using System.CommandLine;

namespace BootcPlug.Cli.Docs;

/// <summary>How a shell completes the value of an option or argument.</summary>
public enum ValueKind
{
    /// <summary>A flag: takes no value.</summary>
    Flag,

    /// <summary>Free text (a number, an id, a name): nothing to offer.</summary>
    Text,

    /// <summary>One of <see cref="ValueCompletion.Choices"/>.</summary>
    Choice,

    File,
    Directory,

    /// <summary>Asked of bootcplug at each TAB (<see cref="ValueHints.CompletesAtRunTime{T}"/>).</summary>
    RunTime,
}

/// <summary>The completion of one option's or argument's value.</summary>
public sealed record ValueCompletion(ValueKind Kind, IReadOnlyList<string> Choices)
{
    public static ValueCompletion Of(Option option) =>
        IsFlag(option) ? new(ValueKind.Flag, []) : OfValue(option, option.ValueType);

    /// <summary>
    /// An option given without a value: a bool option accepts "--json true" too, but a shell must not take the word
    /// after --json as its value.
    /// </summary>
    public static bool IsFlag(Option option) =>
        option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool);

    public static ValueCompletion Of(Argument argument) => OfValue(argument, argument.ValueType);

    private static ValueCompletion OfValue(Symbol symbol, Type valueType)
    {
        if (ValueHints.IsRunTime(symbol)) return new(ValueKind.RunTime, []);
        Type type = valueType.IsArray ? valueType.GetElementType()! : valueType;
        if (type == typeof(DirectoryInfo)) return new(ValueKind.Directory, []);
        if (type == typeof(FileInfo) || type == typeof(FileSystemInfo) || ValueHints.IsFile(symbol))
            return new(ValueKind.File, []);
        var choices = BootcPlug.Cli.Choices.Of(symbol);
        return choices.Count > 0 ? new(ValueKind.Choice, choices) : new(ValueKind.Text, []);
    }
}
