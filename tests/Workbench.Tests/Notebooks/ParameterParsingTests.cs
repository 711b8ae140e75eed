using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Command-line values are read strictly against the parameter's declared type (issue #31, item 7): a comma
/// is never a thousands separator, a Device takes its command-line words, an array takes comma-separated items,
/// and anything else that is not one C# expression is refused naming the parameter, before any cell runs.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class ParameterParsingTests
{
    private const string Defaults = "double lr = 0.1;\nint epochs = 2;\nvar device = Device.Cpu;\nint[] widths = { 8 };\nvar names = new[] { \"a\" };\nList<double> rates = new List<double>();\nvar model = System.Guid.NewGuid();";

    private static Workbench.Notebooks.Ipynb.Notebook Notebook() =>
        Workbench.Notebooks.Ipynb.Notebook.Parse(JupyterNotebooks.OfCells((Defaults, [ParameterInjection.ParametersTag]), ("1", [])), "p.ipynb");

    private static string Injected(string name, string value) =>
        ParameterInjection.Apply(Notebook(), new Dictionary<string, string> { [name] = value }, "p.ipynb")!.Source.Split('\n')[1];

    private static string Refusal(string name, string value) =>
        Assert.Throws<ArgumentException>(() => ParameterInjection.Apply(Notebook(), new Dictionary<string, string> { [name] = value }, "p.ipynb")).Message;

    [Theory]
    [InlineData("lr", "0,5", "parameter 'lr' is a double, and '0,5' is not one (numbers take '.' as the decimal point and no thousands separators)")]
    [InlineData("lr", "1,000", "parameter 'lr' is a double, and '1,000' is not one (numbers take '.' as the decimal point and no thousands separators)")]
    [InlineData("epochs", "1,000", "parameter 'epochs' is an int, and '1,000' is not one (numbers take '.' as the decimal point and no thousands separators)")]
    [InlineData("lr", "0.5.1", "parameter 'lr' is a double, and '0.5.1' is not one")]
    public void ACommaOrOtherNoiseInANumberIsRefusedNamingTheParameterAndValue(string name, string value, string expected) =>
        Assert.Equal(expected, Refusal(name, value));

    [Theory]
    [InlineData("lr", "0.5", "lr = 0.5d;")]
    [InlineData("lr", "-1e-3", "lr = -0.001d;")]
    [InlineData("epochs", " 7 ", "epochs = 7;")]
    [InlineData("device", "cuda", "device = Device.Parse(\"cuda\");")]
    [InlineData("device", "CUDA:1", "device = Device.Parse(\"cuda:1\");")]
    [InlineData("device", "Device.Cuda(1)", "device = Device.Cuda(1);")]
    [InlineData("widths", "1,2, 3", "widths = new int[] { 1, 2, 3 };")]
    [InlineData("widths", "", "widths = new int[] {  };")]
    [InlineData("names", "x, y z", "names = new string[] { \"x\", \"y z\" };")]
    [InlineData("rates", "0.5,2", "rates = new System.Collections.Generic.List<double> { 0.5d, 2d };")]
    [InlineData("model", "System.Guid.Empty", "model = System.Guid.Empty;")]
    public void ValuesBecomeCodeOfTheDeclaredType(string name, string value, string expected) =>
        Assert.Equal(expected, Injected(name, value));

    [Theory]
    [InlineData("device", "gpu", "parameter 'device' is a Device: give cpu, cuda, cuda:N or auto (or C# code such as Device.Cuda(1)), and 'gpu' is none of these")]
    [InlineData("widths", "1,x,3", "parameter 'widths' is an int[], given as comma-separated items, and 'x' in '1,x,3' is not an int")]
    [InlineData("model", "1,2,3", "parameter 'model' is declared as 'var model = System.Guid.NewGuid()', so workbench run cannot tell its type and its value must be one C# expression, and '1,2,3' is not one; declare its type (int[], string, ...) to pass a plain value")]
    public void ValuesThatAreNotOfTheTypeAreRefusedNamingTheParameter(string name, string value, string expected) =>
        Assert.Equal(expected, Refusal(name, value));

    [Fact]
    public async Task InjectedDevicesAndArraysRunAsTyped()
    {
        using var folder = new TempFolder();
        var path = folder.Write("p.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCells(
            ("var device = Device.Cpu;\nint[] widths = { 8 };\nvar names = new[] { \"a\" };", [ParameterInjection.ParametersTag]),
            ("$\"{device}|{widths.Sum()}|{string.Join('+', names)}\"", []))));
        var parameters = ParameterInjection.ParseAssignments(["device=cpu", "widths=1,2,3", "names=x,y"]);
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, Parameters = parameters }, TestContext.Current.CancellationToken);
        Assert.True(summary.Succeeded, summary.Failure?.ToString());
        var result = JupyterNotebooks.Outputs(path)[2][0]!["data"]!["text/plain"]![0]!.GetValue<string>();
        Assert.Equal("cpu|6|x+y", result);
    }

    [Fact]
    public void EveryFiniteDoubleWrittenInvariantlyComesBackExactly() =>
        Prop.ForAll<NormalFloat>(x =>
        {
            var literal = ScalarLiterals.Parse(typeof(double), x.Get.ToString("R", CultureInfo.InvariantCulture))!;
            return literal.EndsWith('d') && double.Parse(literal[..^1], CultureInfo.InvariantCulture) == x.Get;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void NoNumberWithACommaIsEverAccepted() =>
        Prop.ForAll<int, PositiveInt>((whole, part) =>
        {
            var text = $"{whole.ToString(CultureInfo.InvariantCulture)},{part.Get.ToString(CultureInfo.InvariantCulture)}";
            return new[] { typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal) }.All(t => ScalarLiterals.Parse(t, text) is null);
        }).QuickCheckThrowOnFailure();
}
