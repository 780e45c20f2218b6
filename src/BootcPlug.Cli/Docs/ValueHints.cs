using System.CommandLine;
using System.CommandLine.Completions;
using System.Runtime.CompilerServices;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// What a value-taking option or argument completes to when its .NET type does not say it (a string that names a
/// file, values only known at run time). Options and arguments typed <see cref="FileInfo"/> or
/// <see cref="DirectoryInfo"/> need no hint; fixed values come from <see cref="Choices"/>.
/// </summary>
public static class ValueHints
{
    private static readonly ConditionalWeakTable<Symbol, object> Files = new();
    private static readonly ConditionalWeakTable<Symbol, object> RunTime = new();

    /// <summary>The value names a file (it may also accept other words, e.g. '-' or a shipped name).</summary>
    public static Option<T> CompletesAsFile<T>(this Option<T> option)
    {
        Files.AddOrUpdate(option, option);
        return option;
    }

    /// <inheritdoc cref="CompletesAsFile{T}(Option{T})"/>
    public static Argument<T> CompletesAsFile<T>(this Argument<T> argument)
    {
        Files.AddOrUpdate(argument, argument);
        return argument;
    }

    /// <summary>
    /// The values are only known when bootcplug runs (e.g. what plugin manifests declare): the shell scripts ask
    /// bootcplug for them through System.CommandLine's <c>[suggest]</c> directive, which calls
    /// <paramref name="values"/> with the command line typed so far.
    /// </summary>
    public static Option<T> CompletesAtRunTime<T>(this Option<T> option,
        Func<CompletionContext, IEnumerable<string>> values)
    {
        option.CompletionSources.Add(values);
        RunTime.AddOrUpdate(option, option);
        return option;
    }

    public static bool IsFile(Symbol symbol) => Files.TryGetValue(symbol, out _);

    public static bool IsRunTime(Symbol symbol) => RunTime.TryGetValue(symbol, out _);
}
