using System.CommandLine;
using Workbench.Torch;

namespace Workbench.Cli;

/// <summary>Turns the errors a user can cause into one clear line and a non-zero exit, never a stack trace.</summary>
internal static class CliErrors
{
    public static async Task<int> Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Without it Ctrl+C kills at once; with it, commands get to save partial work (a run's notebook).
                ProcessTerminationTimeout = TimeSpan.FromSeconds(3),
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                                      or TorchException or IOException or InvalidOperationException or UnauthorizedAccessException or Training.TrainingDivergedException)
        {
            Console.Error.WriteLine($"error: {Plain(e)}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }

    /// <summary>The message alone: .NET appends "(Parameter 'x')" and "Actual value was" lines that repeat it.</summary>
    private static string Plain(Exception e)
    {
        var message = e.Message;
        var actual = message.IndexOf("\nActual value was", StringComparison.Ordinal);
        if (actual >= 0) message = message[..actual];
        if (e is ArgumentException { ParamName: { } name }) message = message.Replace($" (Parameter '{name}')", "");
        return message.TrimEnd();
    }

    /// <summary>An option value that must be positive (and finite: NaN and infinity are refused too), checked at parse time with the option's name.</summary>
    public static void Positive<T>(Option<T> option) where T : System.Numerics.INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (ValueOrNull<T>(result) is { } v && !(v > T.Zero && T.IsFinite(v))) result.AddError($"{option.Name} must be positive and finite, got {v}");
        });
    }

    /// <summary>An option value that must lie in [<paramref name="min"/>, <paramref name="max"/>] (NaN refused), checked at parse time.</summary>
    public static void InRange<T>(Option<T> option, T min, T max) where T : System.Numerics.INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (ValueOrNull<T>(result) is { } v && !(v >= min && v <= max)) result.AddError($"{option.Name} must be between {min} and {max}, got {v}");
        });
    }

    /// <summary>The same for an optional value: absent is fine.</summary>
    public static void InRange<T>(Option<T?> option, T min, T max) where T : struct, System.Numerics.INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (ValueOrNull<T?>(result) is { } v && !(v >= min && v <= max)) result.AddError($"{option.Name} must be between {min} and {max}, got {v}");
        });
    }

    /// <summary>A fraction strictly between 0 and 1 (a target reduction), checked at parse time.</summary>
    public static void OpenFraction(Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (ValueOrNull<double>(result) is { } v && !(v > 0 && v < 1)) result.AddError($"{option.Name} must be a fraction between 0 and 1 (exclusive), got {v}");
        });
    }

    /// <summary>
    /// The option's value, or null when its text does not parse: the parser reports that itself (asking for
    /// the value then throws, and a throwing validator would end the process).
    /// </summary>
    internal static T? ValueOrNull<T>(System.CommandLine.Parsing.OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>A device option's value parsed, with an error that names the option.</summary>
    public static Device ParseDevice(string value, string option = "--device")
    {
        try
        {
            return Device.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option}: {e.Message}", e);
        }
    }

    /// <summary>
    /// An option whose value must be one of <paramref name="values"/>: the error names the option (the
    /// parser's own check names only the value), and shells still complete the values.
    /// </summary>
    public static void OneOf(Option option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name}: '{token.Value}' is not one of {string.Join(", ", values)}");
        });
    }
}
