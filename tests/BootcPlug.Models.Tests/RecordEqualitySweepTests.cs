using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace BootcPlug.Models.Tests;

/// <summary>
/// Every generated record with a list or dictionary member: two instances built alike are equal, with equal hash
/// codes, although none of their collections is the same object; emptying any one collection makes them differ.
/// </summary>
public sealed class RecordEqualitySweepTests
{
    private const int MaxDepth = 4;

    private static bool IsCollection(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
            || type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true);

    private static bool IsGeneratedRecord(Type type) =>
        type.IsClass && type.GetMethod("<Clone>$") is not null && type.GetConstructor(Type.EmptyTypes) is not null;

    private static List<string> RecordTypeNames() => typeof(Host).Assembly.GetExportedTypes()
        .Where(t => IsGeneratedRecord(t) && Settable(t).Any(p => IsCollection(p.PropertyType)))
        .Select(t => t.FullName!)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string> RecordsWithCollections() => new(RecordTypeNames());

    [Fact]
    public void The_sweep_covers_the_status_and_report_records()
    {
        var names = RecordTypeNames();
        Assert.Contains(typeof(HostStatus).FullName, names);
        Assert.Contains(typeof(ObjectMeta).FullName, names);
        Assert.Contains(names, n => n.StartsWith("BootcPlug.Models.Reports.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RecordsWithCollections))]
    public void Records_built_alike_are_equal_and_differ_when_one_collection_changes(string typeName)
    {
        Type type = typeof(Host).Assembly.GetType(typeName)!;
        object left = Build(type, 0)!, right = Build(type, 0)!;
        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());

        foreach (var property in Settable(type).Where(p => IsCollection(p.PropertyType)))
        {
            object changed = Build(type, 0)!;
            property.SetValue(changed, Empty(property.PropertyType));
            Assert.False(left.Equals(changed), $"{type.Name}.{property.Name} emptied, yet still equal");
        }
    }

    private static object? Build(Type type, int depth)
    {
        if (depth > MaxDepth) return null;
        object record = Activator.CreateInstance(type)!;
        foreach (var property in Settable(type)) property.SetValue(record, Sample(property.PropertyType, depth + 1));
        return record;
    }

    /// <summary>A fresh value of the type: collections and JSON values are new objects on every call.</summary>
    private static object? Sample(Type type, int depth)
    {
        Type? underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Sample(underlying, depth);
        if (type == typeof(string)) return "value";
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        if (type == typeof(JsonElement)) return JsonDocument.Parse("""{"k":[1,"two"]}""").RootElement.Clone();
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsPrimitive) return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        if (type.IsValueType) return Activator.CreateInstance(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var items = Array.CreateInstance(type.GetGenericArguments()[0], 1);
            items.SetValue(Sample(type.GetGenericArguments()[0], depth), 0);
            return items;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            var map = (IDictionary)Empty(type);
            map.Add("key", Sample(type.GetGenericArguments()[1], depth));
            return map;
        }
        return IsGeneratedRecord(type) ? Build(type, depth) : null;
    }

    private static object Empty(Type collection)
    {
        Type[] arguments = collection.GetGenericArguments();
        return collection.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
            ? Array.CreateInstance(arguments[0], 0)
            : Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
    }
}
