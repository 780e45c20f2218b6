using System.CommandLine;
using System.Runtime.CompilerServices;

namespace BootcPlug.Cli;

/// <summary>
/// Options and arguments that take one of a fixed set of values, remembered in the order they were declared so
/// that a parse error can list them that way (completions come back sorted).
/// </summary>
public static class Choices
{
    private static readonly ConditionalWeakTable<Symbol, string[]> Declared = new();

    public static Option<T> OneOf<T>(this Option<T> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        Declared.AddOrUpdate(option, values);
        return option;
    }

    public static Argument<T> OneOf<T>(this Argument<T> argument, params string[] values)
    {
        argument.AcceptOnlyFromAmong(values);
        Declared.AddOrUpdate(argument, values);
        return argument;
    }

    /// <summary>
    /// The declared values, else whatever the symbol offers for completion (AcceptOnlyFromAmong's set, true/false, an
    /// enum's names); none for values only known at run time (its validator names what it accepts).
    /// </summary>
    public static IReadOnlyList<string> Of(Symbol symbol) => Declared.TryGetValue(symbol, out var values)
        ? values
        : Docs.ValueHints.IsRunTime(symbol)
            ? []
            : symbol.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label)
                .ToList();
}
