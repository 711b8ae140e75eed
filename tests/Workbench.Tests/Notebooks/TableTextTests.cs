using System.Net;
using System.Text.RegularExpressions;
using FsCheck.Fluent;
using Microsoft.Data.Analysis;
using Workbench.Notebooks.Formatting;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Tables' text/plain alternative (what terminals, nbconvert's text exports and some viewers show) is an
/// aligned text table with the same cells as the HTML, not a record dump; a DataFrame is a table too.
/// </summary>
public sealed class TableTextTests
{
    private sealed record CkaFact(string Comparison, double Cka);

    private sealed record Row(string Name, double Score);

    [Fact]
    public void RecordsReadAsAnAlignedTextTableRoundedAsTheHtml()
    {
        var bundle = NotebookFormatter.Format(new[]
        {
            new CkaFact("CKA(X, X)", 1), new CkaFact("CKA(X, 3·X)", 0.9999999999999973), new CkaFact("CKA(X, unrelated noise)", 0.06943608965528703),
        })!;
        // Before: "CkaFact[](3) { CkaFact { Comparison = CKA(X, X), Cka = 1 }, CkaFact { Comparison = CKA(X, 3·X), Cka = 0.9999999999999973 }, ... }".
        Assert.Equal("""
            Comparison                   CKA
            -----------------------  -------
            CKA(X, X)                      1
            CKA(X, 3·X)                    1
            CKA(X, unrelated noise)  0.06944
            """.ReplaceLineEndings("\n"), bundle.Data["text/plain"]);
    }

    [Fact]
    public void TheTextTableHasTheHtmlsCellsWithNumbersRightAligned()
    {
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(
            (from names in Gen.ArrayOf(Gen.Elements("a", "conv1", "layer3.0.conv2", "fc", "x<y"))
             from scores in Gen.ArrayOf(Gen.Choose(-100000, 100000).Select(i => i / 37.0))
             select names.Zip(scores, (n, s) => new Row(n, s)).ToArray()).ToArbitrary(),
            rows =>
            {
                var bundle = NotebookFormatter.Format(rows)!;
                var html = (string)bundle.Data["text/html"];
                var lines = ((string)bundle.Data["text/plain"]).Split('\n');
                var htmlCells = Regex.Matches(html, "<td[^>]*>(.*?)</td>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
                if (lines.Length != rows.Length + 2) return false;
                for (int r = 0; r < rows.Length; r++)
                {
                    var line = lines[r + 2];
                    var (name, score) = (htmlCells[2 * r], htmlCells[2 * r + 1]);
                    // Name flush left, score flush right at the table's right edge, only spaces between.
                    if (!line.StartsWith(name, StringComparison.Ordinal) || !line.EndsWith(score, StringComparison.Ordinal)) return false;
                    if (line.Length != lines[0].Length || line[name.Length..^score.Length].Trim().Length != 0) return false;
                }
                return true;
            }));
    }

    [Fact]
    public void ADataFrameShowsAsATable()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("layer", ["conv1", "conv2", "fc"]),
            new PrimitiveDataFrameColumn<double>("mcr", [7.699999999999996, 8.25, 12.345678]),
            new PrimitiveDataFrameColumn<int>("filters", [16, 32, 1000]));
        var bundle = NotebookFormatter.Format(frame)!;
        var html = (string)bundle.Data["text/html"];
        Assert.StartsWith("<table><thead><tr><th style=\"text-align:left\">layer</th><th style=\"text-align:right\">mcr</th><th style=\"text-align:right\">filters</th></tr>", html);
        Assert.Contains("<tr><td style=\"text-align:left\">fc</td><td style=\"text-align:right\">12.35</td><td style=\"text-align:right\">1,000</td></tr>", html);
        Assert.Equal("""
            layer    mcr  filters
            -----  -----  -------
            conv1    7.7       16
            conv2   8.25       32
            fc     12.35    1,000
            """.ReplaceLineEndings("\n"), bundle.Data["text/plain"]);
    }

    [Fact]
    public void ALongDataFrameShowsItsFirstRowsAndHowManyMore()
    {
        var frame = new DataFrame(new PrimitiveDataFrameColumn<int>("i", Enumerable.Range(0, 250)));
        var text = (string)NotebookFormatter.Format(frame)!.Data["text/plain"];
        Assert.Equal(TextTable.MaxRows + 3, text.Split('\n').Length);
        Assert.EndsWith("… 150 more rows", text);
    }
}
