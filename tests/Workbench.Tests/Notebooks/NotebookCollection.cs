using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Sessions redirect the process-wide Console and set the process-wide <see cref="Interrupt"/>, so the
/// notebook tests run one at a time, sharing one session where a test needs no fresh state (Roslyn's
/// first compile costs seconds; later ones milliseconds).
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookCollection : ICollectionFixture<SharedSession>
{
    public const string Name = "notebooks";
}

/// <summary>One session for tests that only need unique variable names.</summary>
public sealed class SharedSession : IDisposable
{
    public CSharpSession Session { get; } = new();

    /// <summary>Runs <paramref name="code"/>, returning the outcome and what it wrote.</summary>
    internal async Task<(CellOutcome Outcome, RecordingSink Sink)> Run(string code)
    {
        var sink = new RecordingSink();
        return (await Session.ExecuteAsync(code, sink), sink);
    }

    public void Dispose() => Session.Dispose();
}

internal static class Outcomes
{
    public static string Text(this CellOutcome outcome) =>
        outcome.Result?.Data["text/plain"] as string ?? throw new Xunit.Sdk.XunitException($"no text result: {outcome.Error?.Name}: {outcome.Error?.Message}");

    public static void AssertOk(this CellOutcome outcome) =>
        Assert.True(outcome.Succeeded, $"{outcome.Error?.Name}: {outcome.Error?.Message}\n{string.Join("\n", outcome.Error?.Traceback ?? [])}");
}
