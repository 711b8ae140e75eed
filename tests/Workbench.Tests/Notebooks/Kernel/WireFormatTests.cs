using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>The multipart framing round trips, and every malformed or unsigned message is refused with a reason.</summary>
public sealed class WireFormatTests
{
    private const string Key = "0123-key";

    [Fact]
    public void EncodedMessagesDecodeToTheSameMessage()
    {
        Prop.ForAll(KernelGen.Message.ToArbitrary(), message =>
        {
            // A fresh decoder each time: a repeated message would otherwise be refused as a replay.
            var frames = new WireFormat(new MessageSigner(Key)).Encode(message);
            var decoded = new WireFormat(new MessageSigner(Key)).Decode(frames);
            Assert.Equal(message.Identities, decoded.Identities);
            Assert.Equal(message.Header.ToJsonString(), decoded.Header.ToJsonString());
            Assert.Equal(message.ParentHeader.ToJsonString(), decoded.ParentHeader.ToJsonString());
            Assert.Equal(message.Metadata.ToJsonString(), decoded.Metadata.ToJsonString());
            Assert.Equal(message.Content.ToJsonString(), decoded.Content.ToJsonString());
            Assert.Equal(message.Buffers, decoded.Buffers);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FramesAreIdentitiesDelimiterSignatureFourJsonPartsAndBuffers()
    {
        var message = new JupyterMessage([[7], [8, 9]], new JsonObject { ["msg_id"] = "m", ["msg_type"] = "t" }, [], [], new JsonObject { ["a"] = 1 }, [[42]]);
        var frames = new WireFormat(new MessageSigner(Key)).Encode(message);
        Assert.Equal(9, frames.Count);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[2]));
        Assert.Equal(new MessageSigner(Key).Sign(frames.Skip(4).Take(4).ToArray()), Encoding.ASCII.GetString(frames[3]));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(frames[7]));
        Assert.Equal([42], frames[8]);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "no-delimiter", "no <IDS|MSG> delimiter" },
        { "too-few-frames", "frames after the delimiter" },
        { "bad-signature", "bad signature" },
        { "no-signature", "missing signature" },
        { "bad-json", "content is not valid JSON" },
        { "not-an-object", "header is not a JSON object" },
        { "no-msg-type", "header has no string 'msg_type'" },
        { "numeric-msg-id", "header has no string 'msg_id'" },
        { "duplicate-key", "content is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedMessagesAreRefusedWithAReason(string kind, string reason)
    {
        string[] parts = ["{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}"];
        switch (kind)
        {
            case "bad-json": parts[3] = "{\"code\":"; break;
            case "not-an-object": parts[0] = "[1]"; break;
            case "no-msg-type": parts[0] = "{\"msg_id\":\"1\"}"; break;
            case "numeric-msg-id": parts[0] = "{\"msg_id\":1,\"msg_type\":\"x\"}"; break;
            case "duplicate-key": parts[3] = "{\"a\":1,\"a\":2}"; break;
        }
        var bytes = parts.Select(Encoding.UTF8.GetBytes).ToList();
        var signature = kind switch
        {
            "bad-signature" => new MessageSigner("wrong key").Sign(bytes),
            "no-signature" => "",
            _ => new MessageSigner(Key).Sign(bytes),
        };
        var frames = new List<byte[]> { "client"u8.ToArray() };
        if (kind != "no-delimiter") frames.Add(WireFormat.Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signature));
        frames.AddRange(kind == "too-few-frames" ? bytes.Take(3) : bytes);

        var refusal = Assert.Throws<MalformedMessageException>(() => new WireFormat(new MessageSigner(Key)).Decode(frames));
        Assert.Contains(reason, refusal.Message);
    }

    [Fact]
    public void AReplayedMessageIsRefused()
    {
        var message = new JupyterMessage([], new JsonObject { ["msg_id"] = "m", ["msg_type"] = "t" }, [], [], [], []);
        var wire = new WireFormat(new MessageSigner(Key));
        var frames = wire.Encode(message);
        wire.Decode(frames);
        Assert.Contains("replayed", Assert.Throws<MalformedMessageException>(() => wire.Decode(frames)).Message);
    }

    [Fact]
    public void WithoutAKeyAnySignatureIsAccepted()
    {
        var message = new JupyterMessage([], new JsonObject { ["msg_id"] = "m", ["msg_type"] = "t" }, [], [], [], []);
        var frames = new WireFormat(new MessageSigner("")).Encode(message).ToList();
        Assert.Empty(frames[1]);
        var wire = new WireFormat(new MessageSigner(""));
        wire.Decode(frames);
        frames[1] = "deadbeef"u8.ToArray();
        Assert.Equal("t", wire.Decode(frames).MsgType);
    }
}
