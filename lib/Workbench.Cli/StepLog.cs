using System.Text.Json.Serialization;
using Workbench.Pruning;
using Workbench.Pruning.Selection;

namespace Workbench.Cli;

/// <summary>One pruning step as the report's <c>steps</c> list records it, and as a resumed run reads it back.</summary>
internal sealed record StepLog(
    [property: JsonPropertyName("layer")] string Layer,
    [property: JsonPropertyName("granularity")] string Granularity,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("selector")] string Selector,
    [property: JsonPropertyName("kept")] int Kept,
    [property: JsonPropertyName("units")] int Units,
    [property: JsonPropertyName("mcrAfterPruning")] double? McrAfterPruning,
    [property: JsonPropertyName("mcrAfterRetraining")] double? McrAfterRetraining,
    [property: JsonPropertyName("candidates")] IReadOnlyList<CandidateScore> Candidates)
{
    public static StepLog Of(StepResult s) => new(
        s.Step.Layer, s.Step.Granularity.Name, s.Step.Ratio, s.Selection.Candidates.Count > 0 ? "least-adversarial" : "criterion",
        s.Selection.Choice.Kept, s.Selection.Choice.Keep.Length, s.McrAfterPruning, s.McrAfterRetraining, s.Selection.Candidates);
}
