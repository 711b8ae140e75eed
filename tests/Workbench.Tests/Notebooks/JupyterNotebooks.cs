using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks;

/// <summary>Notebook files for the tests: one written as Jupyter writes them, and small ones built from code cells.</summary>
internal static class JupyterNotebooks
{
    /// <summary>
    /// Saved the way Jupyter saves (sorted keys, one-space indent, non-ASCII as is), with what a notebook we
    /// did not write carries: kernel and custom metadata, ids, tags, an attachment, a raw cell, stale outputs.
    /// </summary>
    public const string Handwritten = """
        {
         "cells": [
          {
           "attachments": {
            "dot.png": {
             "image/png": "iVBORw0KGgo="
            }
           },
           "cell_type": "markdown",
           "id": "intro-cell",
           "metadata": {
            "editable": false
           },
           "source": [
            "# Café ✓\n",
            "![dot](attachment:dot.png)"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 7,
           "id": "first-code",
           "metadata": {
            "collapsed": false,
            "tags": [
             "setup"
            ],
            "vscode": {
             "languageId": "csharp"
            }
           },
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "stale\n"
             ]
            }
           ],
           "source": [
            "var greeting = \"tab\\there \\\"quoted\\\" café\";\n",
            "Console.WriteLine(greeting.Length);\n",
            "greeting"
           ]
          },
          {
           "cell_type": "raw",
           "id": "raw-1",
           "metadata": {
            "format": "text/x-rst"
           },
           "source": [
            "**raw** \u001b stays"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "empty-code",
           "metadata": {},
           "outputs": [],
           "source": []
          }
         ],
         "metadata": {
          "custom": {
           "ratio": 1.5,
           "unicode": "naïve"
          },
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": "workbench"
          },
          "language_info": {
           "file_extension": ".cs",
           "name": "C#"
          }
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """;

    /// <summary>A notebook of code cells, each (source, tags), with Jupyter's layout.</summary>
    public static string OfCells(params (string Source, string[] Tags)[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode?)new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"cell-{i}",
                ["metadata"] = new JsonObject { ["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode?)t).ToArray()) },
                ["outputs"] = new JsonArray(),
                ["source"] = c.Source,
            }).ToArray()),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static string OfCode(params string[] sources) => OfCells(sources.Select(s => (s, Array.Empty<string>())).ToArray());

    /// <summary>The outputs of every cell of a written notebook (code cells only), as JSON nodes.</summary>
    public static JsonArray[] Outputs(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .Select(c => c!["outputs"]!.AsArray()).ToArray();

    public static int?[] ExecutionCounts(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .Select(c => c!["execution_count"]?.GetValue<int?>()).ToArray();
}
