using System.Reflection;
using Microsoft.FSharp.Core;

namespace Workbench.Plotting;

/// <summary>
/// Calls one of Plotly.NET's F# init or style functions naming only the arguments that matter. F# optional
/// arguments reach C# as required FSharpOption parameters (None is null), dozens of them per function
/// (Shape.init has 28); naming a few here keeps each call readable, and a misspelt name fails at once.
/// </summary>
internal static class FSharpNamedArguments
{
    /// <param name="owner">the F# type or module holding the function (e.g. Shape)</param>
    /// <param name="function">its name (e.g. "init")</param>
    /// <param name="arguments">name → value; values are wrapped in Some, generic parameters take the value's type</param>
    /// <param name="unresolvedGeneric">the type for generic parameters no argument fixes (e.g. the trace type of a style function)</param>
    public static T Call<T>(Type owner, string function, (string Name, object Value)[] arguments, Type? unresolvedGeneric = null)
    {
        var method = owner.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == function)
            .OrderByDescending(m => m.GetParameters().Length).FirstOrDefault()
            ?? throw new MissingMethodException(owner.FullName, function);
        var parameters = method.GetParameters();
        foreach (var (name, _) in arguments)
            if (parameters.All(p => p.Name != name))
                throw new ArgumentException($"{owner.Name}.{function} has no argument '{name}'", nameof(arguments));
        if (method.IsGenericMethodDefinition) method = Close(method, parameters, arguments, unresolvedGeneric ?? typeof(object));
        var values = method.GetParameters().Select(p => Argument(p, arguments)).ToArray();
        return (T)method.Invoke(null, values)!;
    }

    private static MethodInfo Close(MethodInfo method, ParameterInfo[] parameters, (string Name, object Value)[] arguments, Type fallback)
    {
        var generics = method.GetGenericArguments();
        // A parameter no argument fixes still needs a type its constraints accept (Plotly.NET asks IConvertible of most).
        var chosen = generics.Select(g => new[] { fallback, typeof(string), typeof(double), typeof(object) }.First(t => Satisfies(g, t))).ToArray();
        foreach (var (name, value) in arguments)
        {
            var type = parameters.First(p => p.Name == name).ParameterType;
            var inner = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(FSharpOption<>) ? type.GetGenericArguments()[0] : type;
            if (inner.IsGenericParameter) chosen[Array.IndexOf(generics, inner)] = value.GetType();
        }
        return method.MakeGenericMethod(chosen);
    }

    private static bool Satisfies(Type generic, Type candidate) =>
        generic.GetGenericParameterConstraints().All(c => !c.ContainsGenericParameters && c.IsAssignableFrom(candidate))
        && (!generic.GenericParameterAttributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint) || candidate.IsValueType);

    private static object? Argument(ParameterInfo parameter, (string Name, object Value)[] arguments)
    {
        var given = arguments.FirstOrDefault(a => a.Name == parameter.Name);
        if (given.Name is null) return null; // None
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(FSharpOption<>)) return given.Value;
        return type.GetMethod(nameof(FSharpOption<int>.Some))!.Invoke(null, [given.Value]);
    }
}
