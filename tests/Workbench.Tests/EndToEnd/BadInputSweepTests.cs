using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Tests.Notebooks;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A hostile but fair user: well over a hundred bad inputs through the real CLI. Each must end with exit
/// code 1 (or 2 for usage), a message naming the option or file at fault, no stack trace, and every file
/// it was given left exactly as it was.
/// </summary>
public sealed class BadInputSweepTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>The arguments (with {name} standing for a fixture's path) and what the message must name.</summary>
    private static readonly (string Args, string Named)[] Cases =
    [
        // train
        ("train --out {new}", "--model"),
        ("train --model convnet", "--out"),
        ("train --model nonsense --out {new}", "--model"),
        ("train --model convnet --width NaN --out {new}", "--width"),
        ("train --model convnet --width 0 --out {new}", "--width"),
        ("train --model convnet --width -1 --out {new}", "--width"),
        ("train --model convnet --width 1e9 --out {new}", "--width"),
        ("train --model convnet --width abc --out {new}", "--width"),
        ("train --model convnet --epochs 0 --out {new}", "--epochs"),
        ("train --model convnet --epochs -3 --out {new}", "--epochs"),
        ("train --model convnet --epochs x --out {new}", "--epochs"),
        ("train --model convnet --batch 0 --out {new}", "--batch"),
        ("train --model convnet --lr 0 --out {new}", "--lr"),
        ("train --model convnet --lr NaN --out {new}", "--lr"),
        ("train --model convnet --lr -0.1 --out {new}", "--lr"),
        ("train --model convnet --lr Infinity --out {new}", "--lr"),
        ("train --model convnet --weight-decay -1 --out {new}", "--weight-decay"),
        ("train --model convnet --weight-decay NaN --out {new}", "--weight-decay"),
        ("train --model convnet --schedule weird --out {new}", "--schedule"),
        ("train --model convnet --schedule multistep:5,2 --out {new}", "--schedule"),
        ("train --model convnet --schedule multistep:0 --out {new}", "--schedule"),
        ("train --model convnet --schedule multistep:a --out {new}", "--schedule"),
        ("train --model convnet --dataset nonsense --out {new}", "--dataset"),
        ("train --model convnet --device quantum --out {new}", "--device"),
        ("train --model convnet --limit 0 --out {new}", "--limit"),
        ("train --model convnet --limit -5 --out {new}", "--limit"),
        ("train --model convnet --validation -1 --out {new}", "--validation"),
        ("train --model convnet --validation 999999 --out {new}", "--validation"),
        ("train --model convnet --seed abc --out {new}", "--seed"),
        ("train --model convnet --out {new} --frobnicate", "--frobnicate"),
        ("train --model convnet --out {folder}", "--out"),
        ("train --model convnet --out {text}/x.safetensors", "--out"),
        ("train --model convnet --limit 64 --validation 32 --epochs 1 --out {foreign}", "{foreign}"),
        ("train --model convnet --limit 64 --validation 32 --epochs 1 --out {corrupt}", "{corrupt}"),
        // eval
        ("eval", "checkpoint"),
        ("eval {missing}", "{missing}"),
        ("eval {folder}", "{folder}"),
        ("eval {corrupt}", "{corrupt}"),
        ("eval {empty}", "{empty}"),
        ("eval {text}", "{text}"),
        ("eval {foreign} --dataset nope", "--dataset"),
        ("eval {foreign} --split validation", "--split"),
        ("eval {foreign} --device nope", "--device"),
        ("eval {cifarnet}", "{cifarnet}"),
        // prune
        ("prune {missing} --ratio 0.3 --out {new}", "{missing}"),
        ("prune {folder} --ratio 0.3 --out {new}", "{folder}"),
        ("prune {corrupt} --ratio 0.3 --out {new}", "{corrupt}"),
        ("prune {empty} --ratio 0.3 --out {new}", "{empty}"),
        ("prune {text} --ratio 0.3 --out {new}", "{text}"),
        ("prune {foreign} --ratio 0.3", "--out"),
        ("prune {foreign} --out {new}", "--ratio"),
        ("prune {foreign} --ratio 1 --out {new}", "--ratio"),
        ("prune {foreign} --ratio -0.1 --out {new}", "--ratio"),
        ("prune {foreign} --ratio NaN --out {new}", "--ratio"),
        ("prune {foreign} --ratio 0.3 --ratios 0.1,0.2 --out {new}", "--ratio"),
        ("prune {foreign} --ratios 0.1,0.2 --out {new}", "--ratios"),
        ("prune {foreign} --ratios 0.1,abc,0.1,0.1,0.1,0.1 --out {new}", "--ratios"),
        ("prune {foreign} --ratios 0.1,0.1,0.1,0.1,0.1,1.5 --out {new}", "--ratios"),
        ("prune {foreign} --granularity combined --ratio 0.3 --kernel-ratio 2 --out {new}", "--kernel-ratio"),
        ("prune {foreign} --granularity combined --ratio 0.3 --kernel-ratio NaN --out {new}", "--kernel-ratio"),
        ("prune {foreign} --granularity weird --ratio 0.3 --out {new}", "--granularity"),
        ("prune {foreign} --select weird --ratio 0.3 --out {new}", "--select"),
        ("prune {foreign} --select kl --granularity kernel --ratio 0.3 --out {new}", "--select"),
        ("prune {foreign} --select kl --kl-images-per-class 0 --ratio 0.3 --out {new}", "--kl-images-per-class"),
        ("prune {foreign} --trials 0 --ratio 0.3 --out {new}", "--trials"),
        ("prune {foreign} --trials -1 --ratio 0.3 --out {new}", "--trials"),
        ("prune {foreign} --schedule sometimes --ratio 0.3 --out {new}", "--schedule"),
        ("prune {foreign} --retrain-epochs -1 --ratio 0.3 --out {new}", "--retrain-epochs"),
        ("prune {foreign} --retrain-limit 0 --ratio 0.3 --out {new}", "--retrain-limit"),
        ("prune {foreign} --lr 0 --ratio 0.3 --out {new}", "--lr"),
        ("prune {foreign} --lr NaN --ratio 0.3 --out {new}", "--lr"),
        ("prune {foreign} --validation 0 --ratio 0.3 --out {new}", "--validation"),
        ("prune {foreign} --validation -5 --ratio 0.3 --out {new}", "--validation"),
        ("prune {foreign} --dataset nope --ratio 0.3 --out {new}", "--dataset"),
        ("prune {foreign} --device nope --ratio 0.3 --out {new}", "--device"),
        ("prune {foreign} --ratio 0.3 --out {foreign}", "--out"),
        ("prune {foreign} --ratio 0.3 --out {folder}", "--out"),
        ("prune {foreign} --ratio 0.3 --out {text}/x.safetensors", "--out"),
        ("prune {foreign} --ratio 0.3 --out {other}", "--out"),
        ("prune {foreign} --ratio 0.3 --out {corrupt}", "--out"),
        // sensitivity
        ("sensitivity {missing} --out {newcsv}", "{missing}"),
        ("sensitivity {folder} --out {newcsv}", "{folder}"),
        ("sensitivity {corrupt} --out {newcsv}", "{corrupt}"),
        ("sensitivity {foreign}", "--out"),
        ("sensitivity {foreign} --ratios '' --out {newcsv}", "--ratios"),
        ("sensitivity {foreign} --ratios 1.5 --out {newcsv}", "--ratios"),
        ("sensitivity {foreign} --ratios a,b --out {newcsv}", "--ratios"),
        ("sensitivity {foreign} --ratios NaN --out {newcsv}", "--ratios"),
        ("sensitivity {foreign} --granularity combined --out {newcsv}", "--granularity"),
        ("sensitivity {foreign} --select least-adversarial --out {newcsv}", "--select"),
        ("sensitivity {foreign} --validation 0 --out {newcsv}", "--validation"),
        ("sensitivity {foreign} --dataset nope --out {newcsv}", "--dataset"),
        ("sensitivity {foreign} --out {foreign}", "--out"),
        ("sensitivity {foreign} --out {folder}", "--out"),
        ("sensitivity {foreign} --out {text}/s.csv", "--out"),
        // prune-loop
        ("prune-loop {foreign} --out {new}", "{foreign}"),
        ("prune-loop {missing} --out {new}", "{missing}"),
        ("prune-loop {corrupt} --out {new}", "{corrupt}"),
        ("prune-loop {resnet}", "--out"),
        ("prune-loop {resnet} --target-mac-reduction 1.5 --out {new}", "--target-mac-reduction"),
        ("prune-loop {resnet} --target-mac-reduction NaN --out {new}", "--target-mac-reduction"),
        ("prune-loop {resnet} --target-mac-reduction 0 --out {new}", "--target-mac-reduction"),
        ("prune-loop {resnet} --finetune-epochs -1 --out {new}", "--finetune-epochs"),
        ("prune-loop {resnet} --min-blocks 0 --out {new}", "--min-blocks"),
        ("prune-loop {resnet} --cka-images 0 --out {new}", "--cka-images"),
        ("prune-loop {resnet} --lr 0 --out {new}", "--lr"),
        ("prune-loop {resnet} --finetune-limit 0 --out {new}", "--finetune-limit"),
        ("prune-loop {resnet} --validation 0 --out {new}", "--validation"),
        ("prune-loop {resnet} --match weird --out {new}", "--match"),
        ("prune-loop {resnet} --only weird --out {new}", "--only"),
        ("prune-loop {resnet} --criterion l2 --out {new}", "--criterion"),
        ("prune-loop {resnet} --kl-images-per-class 0 --out {new}", "--kl-images-per-class"),
        ("prune-loop {resnet} --train-epochs -1 --out {new}", "--train-epochs"),
        ("prune-loop {resnet} --train-schedule multistep --out {new}", "--train-schedule"),
        ("prune-loop {resnet} --train-augmentation maybe --out {new}", "--train-augmentation"),
        ("prune-loop {resnet} --out {resnet}", "--out"),
        ("prune-loop {resnet} --out {folder}", "--out"),
        // cka
        ("cka {missing} {foreign}", "{missing}"),
        ("cka {foreign} {corrupt}", "{corrupt}"),
        ("cka {foreign} {folder}", "{folder}"),
        ("cka {foreign} {foreign} --images 0", "--images"),
        ("cka {foreign} {foreign} --images -1", "--images"),
        ("cka {foreign}", "b"),
        // stats
        ("stats", "--model"),
        ("stats --model convnet --checkpoint {foreign}", "--model"),
        ("stats --checkpoint {folder}", "{folder}"),
        ("stats --checkpoint {corrupt}", "{corrupt}"),
        ("stats --checkpoint {missing}", "{missing}"),
        ("stats --checkpoint {empty}", "{empty}"),
        ("stats --model resnet7", "--model"),
        ("stats --model convnet --width NaN", "--width"),
        ("stats --model convnet --size 0", "--size"),
        ("stats --model convnet --size -32", "--size"),
        ("stats --model convnet --size 100000", "--size"),
        ("stats --model convnet --channels 0", "--channels"),
        // run
        ("run {missing}.ipynb", "{missing}.ipynb"),
        ("run {folder}", "{folder}"),
        ("run {badjson}", "{badjson}"),
        ("run {weirdcell}", "{weirdcell}"),
        ("run {numbersource}", "{numbersource}"),
        ("run {notebook} -p nonsense", "nonsense"),
        ("run {notebook} -p quick=maybe", "quick"),
        ("run {notebook} -p nosuch=1", "nosuch"),
        ("run {notebook} --timeout 0", "--timeout"),
        ("run {notebook} --timeout -1", "--timeout"),
        ("run {notebook} --timeout NaN", "--timeout"),
        ("run {notebook} -o {folder}", "--output"),
        ("run {notebook} -o {text}/out.ipynb", "--output"),
        // kernel, data, bench
        ("kernel --connection-file {missing}", "{missing}"),
        ("kernel --connection-file {text}", "{text}"),
        ("kernel --connection-file {folder}", "{folder}"),
        ("data nosuch", "nosuch"),
        ("bench --only nosuch", "--only"),
        ("bench --device quantum", "--device"),
        ("bench --checkpoint {corrupt}", "{corrupt}"),
        // a recorded input normalisation that is unusable, or made for other images (issue #31)
        ("eval {normjson}", "{normjson}"),
        ("eval {normkey}", "{normkey}"),
        ("eval {normnan}", "{normnan}"),
        ("eval {norm3}", "{norm3}"),
        ("prune {normjson} --ratio 0.3 --out {new}", "{normjson}"),
        ("prune {norm3} --ratio 0.3 --out {new}", "{norm3}"),
        ("sensitivity {normkey} --out {newcsv}", "{normkey}"),
        ("cka {foreign} {normnan}", "{normnan}"),
        ("train --init {norm3} --epochs 1 --out {new}", "{norm3}"),
        ("train --init {normkey} --epochs 1 --out {new}", "{normkey}"),
        ("prune-loop {resnetnorm} --out {new}", "{resnetnorm}"),
        // an architecture header out of bounds or not describing the file's tensors
        ("eval {hidden}", "{hidden}"),
        ("stats --checkpoint {wide}", "{wide}"),
        ("prune {nullchannels} --ratio 0.3 --out {new}", "{nullchannels}"),
        ("prune {negativesize} --ratio 0.3 --out {new}", "{negativesize}"),
        ("prune-loop {tinyresnet} --out {new}", "{tinyresnet}"),
        ("eval {deepresnet}", "{deepresnet}"),
        // non-finite weights
        ("eval {nan}", "{nan}"),
        ("eval {inf}", "{inf}"),
        ("eval {huge}", "{huge}"),
        ("stats --checkpoint {inf}", "{inf}"),
        ("cka {foreign} {nan}", "{nan}"),
        ("prune {nan} --ratio 0.3 --out {new}", "{nan}"),
        ("sensitivity {huge} --out {newcsv}", "{huge}"),
        ("train --init {nan} --epochs 1 --out {new}", "{nan}"),
        ("prune-loop {resnetnan} --out {new}", "{resnetnan}"),
    ];

    [Fact]
    public void EveryBadInputGetsAClearErrorAndChangesNoFile()
    {
        Assert.True(Cases.Length >= 100, $"{Cases.Length} cases");
        var paths = MakeFixtures();
        var before = Snapshot();
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(Cases.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, pair =>
        {
            var (c, index) = pair;
            // Each case its own output: cases run two at a time, and a run refuses an output another one holds.
            var own = new Dictionary<string, string>(paths) { ["new"] = folder[$"out/{index}/new.safetensors"], ["newcsv"] = folder[$"out/{index}/new.csv"] };
            var args = Tokens(c.Args).Select(t => Expand(t, own)).ToArray();
            var named = Expand(c.Named, own);
            int exit;
            string stdout, stderr;
            try
            {
                (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), args);
            }
            catch (Exception e)
            {
                failures.Add($"workbench {c.Args}: {e.Message}");
                return;
            }
            var output = stdout + stderr;
            var problems = new List<string>();
            if (exit is not (1 or 2)) problems.Add($"exit code {exit}");
            if (!output.Contains(named, StringComparison.Ordinal)) problems.Add($"the message does not name '{named}'");
            if (output.Contains("\n   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal)) problems.Add("a stack trace");
            // Options are checked before any work: no case gets as far as measuring or training.
            if (output.Contains("before pruning", StringComparison.Ordinal) || output.Contains("epoch 1/", StringComparison.Ordinal)) problems.Add("work started before the refusal");
            if (problems.Count > 0) failures.Add($"workbench {c.Args}: {string.Join(", ", problems)}\n    {FirstLines(stderr.Length > 0 ? stderr : stdout)}");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {Cases.Length} bad inputs were mishandled:\n" + string.Join("\n", failures.Order()));
        Assert.Equal(before, Snapshot());
    }

    private Dictionary<string, string> MakeFixtures()
    {
        LibTorch.ManualSeed(3);
        var p = new Dictionary<string, string>
        {
            ["new"] = folder["out/new.safetensors"], ["newcsv"] = folder["out/new.csv"], ["missing"] = folder["no-such-file.safetensors"],
            ["folder"] = folder["a-folder"], ["text"] = folder["notes.txt"], ["empty"] = folder["empty.safetensors"], ["corrupt"] = folder["corrupt.safetensors"],
            ["foreign"] = folder["convnet.safetensors"], ["other"] = folder["other.safetensors"], ["resnet"] = folder["resnet20.safetensors"],
            ["cifarnet"] = folder["cifar-convnet.safetensors"], ["notebook"] = folder["params.ipynb"], ["badjson"] = folder["bad.ipynb"],
            ["weirdcell"] = folder["weird.ipynb"], ["numbersource"] = folder["number.ipynb"],
        };
        Directory.CreateDirectory(p["folder"]);
        File.WriteAllText(p["text"], "not a checkpoint\n");
        File.WriteAllBytes(p["empty"], []);
        File.WriteAllBytes(p["corrupt"], RandomNumberGenerator.GetBytes(4096));
        using (var net = ConvNet.Create(1, 28, width: 0.125)) { ModelCheckpoint.Save(p["foreign"], net); ModelCheckpoint.Save(p["other"], net); }
        using (var net = ResNetCifar.Create(20, 1, 28)) ModelCheckpoint.Save(p["resnet"], net);
        using (var net = ConvNet.Create(3, 32, width: 0.125)) ModelCheckpoint.Save(p["cifarnet"], net);
        File.WriteAllText(p["notebook"], JupyterNotebooks.OfCode("var quick = true;\nvar n = 1;", "n"), Encoding.UTF8);
        File.WriteAllText(p["badjson"], "{ \"cells\": [", Encoding.UTF8);
        File.WriteAllText(p["weirdcell"], """{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "weird", "source": []}]}""", Encoding.UTF8);
        File.WriteAllText(p["numbersource"], """{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 42}]}""", Encoding.UTF8);
        MarkParameters(p["notebook"]);
        MakeHostileCheckpoints(p);
        return p;
    }

    /// <summary>Checkpoints whose metadata or weights were edited after saving, as a hand or a diverged run would.</summary>
    private void MakeHostileCheckpoints(Dictionary<string, string> p)
    {
        const string norm = "workbench.normalization";
        void Variant(string name, string source, Action<Dictionary<string, Tensor>, Dictionary<string, string>> edit)
        {
            p[name] = folder[$"{name}.safetensors"];
            using var checkpoint = SafeTensors.Load(p[source]);
            edit(checkpoint.Tensors, checkpoint.Metadata);
            SafeTensors.Save(p[name], checkpoint.Tensors, checkpoint.Metadata);
        }
        void Architecture(string name, string source, string key, string json) => Variant(name, source, (_, m) =>
        {
            var a = System.Text.Json.Nodes.JsonNode.Parse(m[ModelCheckpoint.ArchitectureKey])!;
            a[key] = System.Text.Json.Nodes.JsonNode.Parse(json);
            m[ModelCheckpoint.ArchitectureKey] = a.ToJsonString();
        });
        void Weight(string name, string source, string tensor, float value) => Variant(name, source, (t, _) =>
        {
            var values = t[tensor].ToArray<float>();
            values[0] = value;
            var old = t[tensor];
            t[tensor] = Tensor.From(values, old.Shape);
            old.Dispose();
        });
        Variant("normjson", "foreign", (_, m) => m[norm] = "{oops");
        Variant("normkey", "foreign", (_, m) => m[norm] = """{"Mean":[0.2]}""");
        Variant("normnan", "foreign", (_, m) => m[norm] = """{"Mean":[0.2],"Std":["NaN"]}""");
        Variant("norm3", "foreign", (_, m) => m[norm] = """{"Mean":[0.5,0.5,0.5],"Std":[0.25,0.25,0.25]}""");
        Variant("resnetnorm", "resnet", (_, m) => m[norm] = "{oops");
        Architecture("hidden", "foreign", "hidden", "300000");
        Architecture("wide", "foreign", "channels", "[20000,16,16,16,32,32]");
        Architecture("nullchannels", "foreign", "channels", "null");
        Architecture("negativesize", "foreign", "inputSize", "-28");
        Architecture("tinyresnet", "resnet", "inputSize", "1");
        Architecture("deepresnet", "resnet", "stages", $"[[{string.Join(",", Enumerable.Repeat(16, 100_000))}],[32],[64]]");
        Weight("nan", "foreign", "features.0.weight", float.NaN);
        Weight("inf", "foreign", "classifier.3.bias", float.PositiveInfinity);
        Weight("huge", "foreign", "features.4.weight", 3e38f);
        Weight("resnetnan", "resnet", "linear.weight", float.NaN);
    }

    /// <summary>Tags the notebook's first cell 'parameters', as papermill-style runs expect.</summary>
    private static void MarkParameters(string path)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["cells"]![0]!["metadata"] = new System.Text.Json.Nodes.JsonObject { ["tags"] = new System.Text.Json.Nodes.JsonArray("parameters") };
        File.WriteAllText(path, json.ToJsonString(), Encoding.UTF8);
    }

    private static string Expand(string text, Dictionary<string, string> paths)
    {
        foreach (var (name, path) in paths) text = text.Replace("{" + name + "}", path, StringComparison.Ordinal);
        return text;
    }

    /// <summary>Splits on spaces; '' is an empty argument.</summary>
    private static IEnumerable<string> Tokens(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t == "''" ? "" : t);

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static string FirstLines(string text) => string.Join("\n    ", text.Split('\n').Take(3));
}
