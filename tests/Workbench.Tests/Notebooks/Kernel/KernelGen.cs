using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>Generators for the wire-format properties: arbitrary text, bytes and messages.</summary>
internal static class KernelGen
{
    // Text mixes ASCII with what JSON must escape and what it must keep (non-ASCII, astral code points).
    public static readonly Gen<string> Text =
        Gen.Elements("abcxyz019._-/ \"\\\t\n\0é λ重み😀<IDS|MSG>".EnumerateRunes().Select(r => r.ToString()).ToArray())
            .ArrayOf().Select(parts => string.Concat(parts));

    public static readonly Gen<byte[]> Bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    public static readonly Gen<byte[][]> Frames = Bytes.ArrayOf().Resize(6);

    public static readonly Gen<JupyterMessage> Message =
        from identities in Bytes.Where(b => !b.AsSpan().SequenceEqual(WireFormat.Delimiter)).ArrayOf().Resize(3)
        from type in Text
        from id in Text
        from field in Text
        from value in Text
        from number in Gen.Choose(int.MinValue, int.MaxValue)
        from buffers in Bytes.ArrayOf().Resize(3)
        select new JupyterMessage(identities,
            new JsonObject { ["msg_id"] = id, ["msg_type"] = type, ["session"] = "s" },
            new JsonObject { ["msg_id"] = value },
            new JsonObject { [field] = number },
            new JsonObject { ["code"] = value, ["nested"] = new JsonObject { [field] = new JsonArray(value, number, true, null) } },
            buffers);
}
