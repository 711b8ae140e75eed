using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Console.ReadLine and Polyglot's Kernel.GetInputAsync/GetPasswordAsync in a cell ask the cell's output sink,
/// after the text written before them; a sink that cannot ask (the notebook runner's) fails the cell clearly.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class CellInputTests(SharedSession shared)
{
    /// <summary>Answers each question from a queue, recording it among the streams so the order shows.</summary>
    private sealed class AnsweringSink(params string[] answers) : IOutputSink
    {
        private readonly Queue<string> pending = new(answers);
        public List<string> Events { get; } = [];

        public void Stream(string name, string text) => Events.Add($"{name}:{text}");

        public void Display(MimeBundle bundle, string? displayId) => Events.Add("display");

        public void UpdateDisplay(MimeBundle bundle, string displayId) => Events.Add("update");

        public string ReadInput(string prompt, bool password)
        {
            Events.Add($"ask:{prompt}:{password}");
            return pending.Dequeue();
        }
    }

    [Fact]
    public async Task ReadLineAsksTheSinkAfterThePromptWrittenBeforeIt()
    {
        var sink = new AnsweringSink("Ada", "second line");
        var outcome = await shared.Session.ExecuteAsync("Console.Write(\"Name: \");\nvar a = Console.ReadLine();\nvar b = Console.In.ReadLine();\na + \"|\" + b", sink, TestContext.Current.CancellationToken);
        outcome.AssertOk();
        Assert.Equal("Ada|second line", outcome.Text());
        Assert.Equal(["stdout:Name: ", "ask::False", "ask::False"], sink.Events);
    }

    [Fact]
    public async Task PolyglotsKernelAsksWithItsPromptAndHidesThePassword()
    {
        var sink = new AnsweringSink("42", "s3cret");
        var outcome = await shared.Session.ExecuteAsync(
            "using Microsoft.DotNet.Interactive;\nvar n = await Kernel.GetInputAsync(\"How many?\");\nvar p = await Kernel.GetPasswordAsync(\"Key?\");\n$\"{n}/{p}/{p.GetClearTextPassword()}\"", sink, TestContext.Current.CancellationToken);
        outcome.AssertOk();
        Assert.Equal("42/************/s3cret", outcome.Text());
        Assert.Equal(["ask:How many?:False", "ask:Key?:True"], sink.Events);
    }

    [Fact]
    public async Task WithoutAFrontEndToAskReadingInputFailsTheCellClearly()
    {
        // RecordingSink, like the notebook runner's collector, cannot ask anyone.
        var outcome = (await shared.Run("var line = Console.ReadLine();")).Outcome;
        Assert.Equal("StdinNotImplementedException", outcome.Error?.Name);
        Assert.Contains("without a front end to ask", outcome.Error!.Message);
    }
}
