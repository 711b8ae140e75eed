using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// The header of a safetensors file: its metadata and where each tensor lies. Reading it
/// validates the whole layout against the file's length, so a file that passes can be loaded
/// without libtorch ever seeing a bad size; every failure is an <see cref="InvalidDataException"/>
/// naming the file and the problem.
/// </summary>
public sealed class SafeTensorsHeader
{
    /// <summary>The reference implementation refuses larger headers; so do we, before allocating.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in file order (by data offset).</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>File offset of the data section: 8 + the header length.</summary>
    public long DataStart { get; }

    private SafeTensorsHeader(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<TensorEntry> tensors, long dataStart)
    {
        Metadata = metadata;
        Tensors = tensors;
        DataStart = dataStart;
    }

    /// <summary>Reads and validates only the header; the tensor data is never read.</summary>
    public static SafeTensorsHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return Read(stream, path);
    }

    /// <summary>Reads the header from the start of <paramref name="stream"/>, which must be seekable; <paramref name="source"/> names it in errors.</summary>
    public static SafeTensorsHeader Read(Stream stream, string source)
    {
        var fileLength = stream.Length;
        if (fileLength < 8) throw Corrupt(source, $"the file is {fileLength} bytes, too short for the 8-byte header length");

        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
            throw Corrupt(source, $"the header length {headerLength} runs past the end of the file ({fileLength} bytes)");
        if (headerLength > MaxHeaderBytes)
            throw Corrupt(source, $"the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;
        var (metadata, entries) = Parse(json, source);
        CheckLayout(entries, fileLength - dataStart, source);
        return new SafeTensorsHeader(metadata, entries, dataStart);
    }

    internal static InvalidDataException Corrupt(string source, string problem) =>
        new($"'{source}' is not a valid safetensors file: {problem}");

    private static (Dictionary<string, string>, List<TensorEntry>) Parse(byte[] json, string source)
    {
        // The JSON parser checks structure but not UTF-8 inside strings; that would only fail later, vaguely.
        try
        {
            StrictUtf8.GetCharCount(json);
        }
        catch (DecoderFallbackException e)
        {
            throw Corrupt(source, $"the header is not valid JSON (invalid UTF-8 at header byte {e.Index})");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Corrupt(source, $"the header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Corrupt(source, $"the header is a JSON {Kind(root)}, not an object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<TensorEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                // JSON allows repeated keys and readers disagree on which wins: refuse them.
                if (!seen.Add(property.Name)) throw Corrupt(source, $"the header names '{property.Name}' twice");
                if (property.Name == SafeTensorsWriter.MetadataKey) ParseMetadata(property.Value, metadata, source);
                else entries.Add(ParseEntry(property.Name, property.Value, source));
            }
            return (metadata, entries);
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(source, $"\"__metadata__\" is a JSON {Kind(value)}, not an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(source, $"metadata '{item.Name}' is a JSON {Kind(item.Value)}, but metadata values must be strings");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!)) throw Corrupt(source, $"metadata '{item.Name}' appears twice");
        }
    }

    private static TensorEntry ParseEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(source, $"tensor '{name}' is a JSON {Kind(value)}, not an object");
        var dtypeText = Field(name, value, "dtype", JsonValueKind.String, source).GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeText, out var dtype))
            throw Corrupt(source, $"tensor '{name}' has unknown dtype '{dtypeText}' (supported: {string.Join(", ", SafeTensorsDTypes.Names)})");
        var shape = Integers(name, Field(name, value, "shape", JsonValueKind.Array, source), "shape", source);
        var offsets = Integers(name, Field(name, value, "data_offsets", JsonValueKind.Array, source), "data_offsets", source);
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw Corrupt(source, $"tensor '{name}': data_offsets [{string.Join(", ", offsets)}] must be two numbers [begin, end] with begin <= end");

        long needed = dtype.ElementSize();
        try
        {
            // A zero anywhere makes the tensor empty, however large the other sizes.
            if (shape.Contains(0)) needed = 0;
            foreach (var s in shape) needed = checked(needed * s);
        }
        catch (OverflowException)
        {
            throw Corrupt(source, $"tensor '{name}': shape [{string.Join(", ", shape)}] is too large to address");
        }
        var held = offsets[1] - offsets[0];
        if (needed != held)
            throw Corrupt(source, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeText} needs {needed} bytes but data_offsets [{offsets[0]}, {offsets[1]}] hold {held}");
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static JsonElement Field(string name, JsonElement entry, string field, JsonValueKind kind, string source)
    {
        if (!entry.TryGetProperty(field, out var value)) throw Corrupt(source, $"tensor '{name}' has no \"{field}\"");
        if (value.ValueKind != kind) throw Corrupt(source, $"tensor '{name}': \"{field}\" is a JSON {Kind(value)}, expected {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static long[] Integers(string name, JsonElement array, string field, string source)
    {
        var result = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw Corrupt(source, $"tensor '{name}': \"{field}\" holds {item.GetRawText()}, expected non-negative integers");
            result[i++] = v;
        }
        return result;
    }

    /// <summary>Sorted by offset, the tensors must tile the data section exactly: no overlap, no gap, nothing after.</summary>
    private static void CheckLayout(List<TensorEntry> entries, long dataLength, string source)
    {
        foreach (var e in entries)
            if (e.End > dataLength)
                throw Corrupt(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] run past the end of the data ({dataLength} bytes)");

        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long covered = 0;
        TensorEntry? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < covered)
                throw Corrupt(source, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{e.Name}' [{e.Begin}, {e.End}] overlap");
            if (e.Begin > covered)
                throw Corrupt(source, $"data bytes [{covered}, {e.Begin}) before tensor '{e.Name}' belong to no tensor");
            covered = e.End;
            previous = e;
        }
        if (covered < dataLength)
            throw Corrupt(source, $"{dataLength - covered} bytes of trailing data after the last tensor (the tensors end at data byte {covered})");
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
