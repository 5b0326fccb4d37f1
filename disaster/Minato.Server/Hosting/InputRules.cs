using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Minato.Gis.Input;

namespace Minato.Server.Hosting;

/// <summary>
/// Applies the shared text rule (<see cref="TextInput"/>) to every query parameter and every string of the request
/// body of the endpoints in a group, before the handler runs: request records (walked by property, named as in JSON),
/// dictionaries, lists and raw <see cref="JsonElement"/> bodies. A refused value answers 400 (validation problem
/// details) naming the field, e.g. <c>headline.ja</c> or <c>supplies[1].item</c>. Tab, CR and LF pass only in the
/// free-text fields of <see cref="TextInput.MultiLineFields"/>. The OGC API parses its own query (with OGC error codes) through
/// the same rule.
/// </summary>
internal static class InputRules
{
    private const int MaxDepth = 16;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Adds the check to every endpoint of <paramref name="group"/>.</summary>
    public static RouteGroupBuilder WithInputRules(this RouteGroupBuilder group) => group.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checkedArguments = context.MethodInfo.GetParameters()
            .Select((p, i) => (p, i))
            .Where(x => IsRequestType(Nullable.GetUnderlyingType(x.p.ParameterType) ?? x.p.ParameterType))
            .Select(x => x.i)
            .ToArray();
        return async invocation =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (name, values) in invocation.HttpContext.Request.Query)
            {
                Check(errors, name, name, multiLine: false);
                foreach (var value in values)
                {
                    Check(errors, name, value, multiLine: false);
                }
            }

            foreach (var index in checkedArguments)
            {
                Walk(invocation.Arguments[index], "", errors, 0);
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "Invalid text / 使用できない文字が含まれています",
                    detail: string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")));
            }

            return await next(invocation);
        };
    }

    /// <summary>Request bodies the filter walks: records of this system and raw JSON.</summary>
    private static bool IsRequestType(Type type) =>
        type == typeof(JsonElement)
        || (type.Namespace?.StartsWith("Minato.", StringComparison.Ordinal) == true
            && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null);

    private static void Walk(object? value, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case string s:
                Check(errors, path, s, TextInput.IsMultiLine(path));
                return;
            case JsonElement json:
                TextInput.CheckJson(json, path, errors, MaxDepth - depth);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? "";
                    if (TextInput.Problem(key) is { } keyProblem)
                    {
                        Add(errors, Join(path, "(key)"), keyProblem);
                        continue;
                    }

                    Walk(entry.Value, Join(path, key), errors, depth + 1);
                }

                return;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    Walk(item, $"{path}[{i++}]", errors, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (!IsRequestType(type))
        {
            return;
        }

        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray()))
        {
            Walk(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), errors, depth + 1);
        }
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, bool multiLine)
    {
        if (TextInput.Problem(value, multiLine) is { } problem)
        {
            Add(errors, TextInput.Problem(field) is null ? field : "(name)", problem);
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string problem) =>
        errors.TryAdd(field.Length == 0 ? "body" : field, [problem]);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
