namespace Workbench.Tests.Checkpoints;

/// <summary>
/// An independent safetensors reader and writer in Python (struct + json + torch.frombuffer),
/// since the safetensors package is not installed. Usage: script IN.safetensors OUT.safetensors.
/// It reads IN (written by C#), writes its own tensors to OUT, and prints one JSON object:
/// {"read": description of IN, "wrote": description of OUT}, where a description lists the
/// metadata and each tensor's dtype, shape and flattened values (non-finite floats as strings).
/// </summary>
public static class PythonSafetensorsScript
{
    public const string Source = """
        import ctypes, json, math, struct, sys
        import torch

        DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                  "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
                  "U8": torch.uint8, "BOOL": torch.bool}
        NAMES = {v: k for k, v in DTYPES.items()}

        def read(path):
            with open(path, "rb") as f:
                blob = f.read()
            (n,) = struct.unpack("<Q", blob[:8])
            assert (8 + n) % 8 == 0, f"data starts at byte {8 + n}, not 8-byte aligned"
            header = json.loads(blob[8:8 + n].decode("utf-8"))
            data = blob[8 + n:]
            metadata = header.pop("__metadata__", {})
            tensors, end = {}, 0
            for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
                begin, stop = info["data_offsets"]
                assert begin == end, f"{name} starts at {begin}, expected {end}"
                end = stop
                dtype, shape = DTYPES[info["dtype"]], info["shape"]
                if stop == begin:  # frombuffer refuses an empty buffer
                    tensors[name] = torch.empty(shape, dtype=dtype)
                else:
                    tensors[name] = torch.frombuffer(bytearray(data[begin:stop]), dtype=dtype).reshape(shape)
            assert end == len(data), f"{len(data) - end} bytes of trailing data"
            return tensors, metadata

        def raw(t):
            t = t.contiguous()
            return ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() else b""

        def write(path, tensors, metadata):
            header, chunks, offset = {"__metadata__": metadata}, [], 0
            for name in sorted(tensors, reverse=True):  # a data order unlike the C# writer's
                t = tensors[name]
                b = raw(t)
                header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
                chunks.append(b)
                offset += len(b)
            text = json.dumps(header, ensure_ascii=False).encode("utf-8")
            text += b" " * (-len(text) % 8)
            with open(path, "wb") as f:
                f.write(struct.pack("<Q", len(text)))
                f.write(text)
                for c in chunks:
                    f.write(c)

        def plain(v):
            return repr(v) if isinstance(v, float) and not math.isfinite(v) else v

        def describe(tensors, metadata):
            return {"metadata": metadata,
                    "tensors": {name: {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                                       "values": [plain(v) for v in t.flatten().tolist()]}
                                for name, t in tensors.items()}}

        def made_here():
            out = {}
            for name, dtype in DTYPES.items():
                grid = torch.arange(6).reshape(2, 3)
                out["py." + name] = (grid % 2 == 0) if dtype == torch.bool else grid.to(dtype)
            out["py.special"] = torch.tensor([float("nan"), float("-inf"), -0.0, 1e-40, 3.0e38])
            out["py.bf16"] = torch.tensor([1.5, -2.25, 256.0, float("inf")], dtype=torch.bfloat16)
            out["py.i64"] = torch.tensor([-(2 ** 63), 2 ** 63 - 1, 2 ** 53 + 1])
            out["py.scalar"] = torch.tensor(-7, dtype=torch.int32)
            out["py.empty"] = torch.zeros(0, 3, dtype=torch.float16)
            out["py.transposed"] = torch.arange(6, dtype=torch.float64).reshape(2, 3).t()
            out["py.größe λ"] = torch.ones(1, 1, 1)
            return out

        tensors, metadata = read(sys.argv[1])
        ours = made_here()
        ours_metadata = {"writer": "python", "torch": torch.__version__, "note": "é \"q\"\n"}
        write(sys.argv[2], ours, ours_metadata)
        print(json.dumps({"read": describe(tensors, metadata), "wrote": describe(ours, ours_metadata)}, ensure_ascii=False))
        """;
}
