using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>Writes the safetensors layout: 8-byte little-endian header length, JSON header, tensor bytes.</summary>
public static class SafeTensorsWriter
{
    public const string MetadataKey = "__metadata__";

    // Relaxed escaping keeps non-ASCII names readable UTF-8; quotes and control characters are still escaped.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes <paramref name="tensors"/> (sorted by name, so the same state gives the same bytes)
    /// and <paramref name="metadata"/> to <paramref name="stream"/>. Tensors on a GPU are copied to the CPU.
    /// </summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);

        // Take shape and dtype once: the header and the data must agree even if a caller mutates a tensor meanwhile.
        var entries = new List<(TensorEntry Entry, Tensor Tensor)>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            CheckText(name, "tensor name");
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor", nameof(tensors));
            if (tensor is null) throw new ArgumentException($"tensor '{name}' is null", nameof(tensors));
            var entry = new TensorEntry(name, tensor.DType, tensor.Shape, offset, offset + TensorBytes.ByteCount(tensor));
            entries.Add((entry, tensor));
            offset = entry.End;
        }

        var header = HeaderBytes(entries.Select(e => e.Entry), metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (entry, tensor) in entries)
        {
            var written = TensorBytes.WriteTo(tensor, stream);
            if (written != entry.ByteCount)
                throw new InvalidOperationException($"tensor '{entry.Name}' changed size while being written ({entry.ByteCount} bytes expected, {written} written)");
        }
    }

    /// <summary>The JSON header, padded with spaces so the data section starts 8-byte aligned.</summary>
    private static byte[] HeaderBytes(IEnumerable<TensorEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    CheckText(key, "metadata key");
                    if (value is null) throw new ArgumentException($"metadata '{key}' is null; metadata values must be strings", nameof(metadata));
                    CheckText(value, $"metadata '{key}'");
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", SafeTensorsDTypes.NameOf(e.DType));
                json.WriteStartArray("shape");
                foreach (var s in e.Shape) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(e.Begin);
                json.WriteNumberValue(e.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    // A lone surrogate has no UTF-8 form; say which string holds it rather than let the JSON writer fail vaguely.
    private static void CheckText(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text, what);
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"{what} '{text}' is not valid Unicode (it holds a lone surrogate)");
        }
    }
}
