using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Workbench.Torch;

namespace Workbench.Tests.Reference;

/// <summary>
/// Runs a Python script under Debian's PyTorch (the same libtorch the binding loads) so tests can
/// compare the workbench with the reference implementation.
/// <para>
/// The script sees <c>torch</c>, a dict <c>inputs</c> (name → CPU tensor, same dtype and shape as
/// given) and a dict <c>outputs</c> to fill with name → tensor, number or nested list. Outputs come
/// back as <see cref="PyArray"/>s. Tensors travel through a temporary folder as raw little-endian
/// files described by a small JSON manifest, so nothing but torch (and numpy, which Debian's torch
/// depends on) is needed on the Python side.
/// </para>
/// <example><code>
/// var result = PyTorch.Run("outputs['y'] = inputs['x'].relu()", new Dictionary&lt;string, Tensor&gt; { ["x"] = x });
/// double[] y = result["y"].Values;
/// </code></example>
/// Each call starts a fresh interpreter (about 1–2 s to import torch): batch several checks per script.
/// </summary>
public static class PyTorch
{
    /// <summary>Debian's interpreter, which has python3-torch; the <c>python3</c> first on PATH may not.</summary>
    public const string Python = "/usr/bin/python3";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Python defining <c>read_safetensors(path)</c> → (state, metadata), with struct, json and torch.frombuffer: the
    /// safetensors package is not installed. Scripts that read the workbench's checkpoints start with it.
    /// </summary>
    public const string SafetensorsReader = """
        import json, struct

        DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}

        def read_safetensors(path):
            with open(path, "rb") as f:
                blob = f.read()
            (n,) = struct.unpack("<Q", blob[:8])
            header = json.loads(blob[8:8 + n])
            metadata = header.pop("__metadata__")
            data = blob[8 + n:]
            state = {}
            for name, info in header.items():
                begin, end = info["data_offsets"]
                flat = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[info["dtype"]])
                state[name] = flat.reshape(info["shape"])
            return state, metadata

        """;

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="inputs"/> and returns what it put in
    /// <c>outputs</c>. Throws <see cref="PyTorchException"/> (carrying Python's stderr) when the
    /// script fails, when the interpreter cannot start, or after <paramref name="timeout"/>
    /// (default 60 s), when the interpreter is killed.
    /// </summary>
    public static IReadOnlyDictionary<string, PyArray> Run(string script, IReadOnlyDictionary<string, Tensor>? inputs = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the tensor exchange assumes a little-endian machine");

        var folder = Directory.CreateTempSubdirectory("workbench-pytorch-");
        try
        {
            WriteInputs(folder.FullName, inputs ?? new Dictionary<string, Tensor>());
            File.WriteAllText(Path.Combine(folder.FullName, "script.py"), script);
            Execute(folder.FullName, timeout ?? DefaultTimeout);
            return ReadOutputs(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Loads the inputs, runs script.py (compiled under that name, so tracebacks point into it),
    // then writes every output widened to float64 plus a manifest of shapes and original dtypes.
    private const string Runner = """
        import json, os, sys
        import torch

        folder = sys.argv[1]
        dtypes = {"Float32": torch.float32, "Float64": torch.float64, "Int64": torch.int64,
                  "Int32": torch.int32, "UInt8": torch.uint8, "Bool": torch.bool}
        with open(os.path.join(folder, "inputs.json")) as f:
            manifest = json.load(f)
        inputs = {}
        for name, meta in manifest.items():
            with open(os.path.join(folder, meta["file"]), "rb") as f:
                data = bytearray(f.read())
            dtype = dtypes[meta["dtype"]]
            flat = torch.frombuffer(data, dtype=dtype) if data else torch.empty(0, dtype=dtype)
            inputs[name] = flat.reshape(meta["shape"]).clone()

        outputs = {}
        with open(os.path.join(folder, "script.py")) as f:
            code = compile(f.read(), "script.py", "exec")
        exec(code, {"__name__": "__main__", "torch": torch, "inputs": inputs, "outputs": outputs})

        result = {}
        for i, (name, value) in enumerate(outputs.items()):
            if not isinstance(value, torch.Tensor):
                value = torch.tensor(value, dtype=torch.float64)
            value = value.detach().cpu()
            file = "out%d.f64" % i
            value.to(torch.float64).contiguous().numpy().tofile(os.path.join(folder, file))
            result[name] = {"file": file, "shape": list(value.shape), "dtype": str(value.dtype)}
        with open(os.path.join(folder, "outputs.json"), "w") as f:
            json.dump(result, f)
        """;

    private static void WriteInputs(string folder, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var manifest = new Dictionary<string, object>();
        var i = 0;
        foreach (var (name, tensor) in inputs)
        {
            var file = $"in{i++}.bin";
            File.WriteAllBytes(Path.Combine(folder, file), RawBytes(tensor));
            manifest[name] = new { file, shape = tensor.Shape, dtype = tensor.DType.ToString() };
        }
        File.WriteAllText(Path.Combine(folder, "inputs.json"), JsonSerializer.Serialize(manifest));
    }

    private static byte[] RawBytes(Tensor t) => t.DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(t.ToArray<float>().AsSpan()).ToArray(),
        DType.Float64 => MemoryMarshal.AsBytes(t.ToArray<double>().AsSpan()).ToArray(),
        DType.Int64 => MemoryMarshal.AsBytes(t.ToArray<long>().AsSpan()).ToArray(),
        DType.Int32 => MemoryMarshal.AsBytes(t.ToArray<int>().AsSpan()).ToArray(),
        DType.UInt8 => t.ToArray<byte>(),
        DType.Bool => MemoryMarshal.AsBytes(t.ToArray<bool>().AsSpan()).ToArray(),
        var other => throw new NotSupportedException($"PyTorch.Run cannot pass {other} tensors; convert them first"),
    };

    private static void Execute(string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -I: isolated mode, so no user site-packages or PYTHON* variables change which torch runs.
        foreach (var arg in new[] { "-I", "-c", Runner, folder }) start.ArgumentList.Add(arg);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new PyTorchException($"cannot start {Python}: {e.Message}", "", null);
        }

        // Drain both pipes concurrently so a chatty script cannot block on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new PyTorchException($"the PyTorch script ran longer than {timeout.TotalSeconds:0} s and was killed", stderr.Result, null);
        }
        process.WaitForExit(); // also waits for the pipes to close
        if (process.ExitCode != 0)
            throw new PyTorchException($"the PyTorch script failed (exit code {process.ExitCode}):\n{stderr.Result}\n{stdout.Result}".TrimEnd(), stderr.Result, process.ExitCode);
    }

    private static Dictionary<string, PyArray> ReadOutputs(string folder)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "outputs.json")));
        var result = new Dictionary<string, PyArray>();
        foreach (var entry in manifest.RootElement.EnumerateObject())
        {
            var meta = entry.Value;
            var bytes = File.ReadAllBytes(Path.Combine(folder, meta.GetProperty("file").GetString()!));
            var shape = meta.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            result[entry.Name] = new PyArray(shape, MemoryMarshal.Cast<byte, double>(bytes).ToArray(), meta.GetProperty("dtype").GetString()!);
        }
        return result;
    }
}

/// <summary>
/// One output of a PyTorch script: its shape, its values in row-major order widened to double
/// (exact for float32 and for integers up to 2^53), and the torch dtype it had, e.g. "torch.float32".
/// </summary>
public sealed record PyArray(long[] Shape, double[] Values, string TorchDType)
{
    /// <summary>The single value of a scalar or one-element output.</summary>
    public double Item => Values.Length == 1 ? Values[0] : throw new InvalidOperationException($"output has {Values.Length} values, not one");

    /// <summary>A new CPU tensor holding these values (in the current dispose scope, if any).</summary>
    public Tensor ToTensor(DType dtype = DType.Float64)
    {
        // Reshape after From: From reads an empty shape as "1-D", but a 0-dim output must stay 0-dim.
        using var flat = Tensor.From(Values);
        using var shaped = flat.Reshape(Shape);
        return shaped.To(dtype);
    }
}

/// <summary>A PyTorch script failed, could not start, or timed out; <see cref="Stderr"/> holds Python's traceback.</summary>
public sealed class PyTorchException(string message, string stderr, int? exitCode) : Exception(message)
{
    public string Stderr { get; } = stderr;

    /// <summary>The interpreter's exit code; null when it did not start or was killed.</summary>
    public int? ExitCode { get; } = exitCode;
}
