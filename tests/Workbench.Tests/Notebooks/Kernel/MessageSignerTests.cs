using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>HMAC-SHA256 signatures: a known vector, verification of what was signed, refusal of anything altered.</summary>
public sealed class MessageSignerTests
{
    [Fact]
    public void SignatureIsTheHmacSha256OfTheFramesConcatenated()
    {
        // The classic vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), split across frames.
        var frames = new[] { "The quick ", "brown fox ", "", "jumps over the lazy dog" }.Select(Encoding.UTF8.GetBytes).ToArray();
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", new MessageSigner("key").Sign(frames));
    }

    [Fact]
    public void AnEmptyKeyMeansNoSigning()
    {
        var signer = new MessageSigner("");
        Assert.False(signer.Enabled);
        Assert.Equal("", signer.Sign([[1, 2, 3]]));
        Assert.True(signer.Verify("anything", [[1, 2, 3]]));
    }

    [Fact]
    public void WhatIsSignedVerifiesAndAnyChangeIsRefused()
    {
        var signer = new MessageSigner("a secret key");
        var other = new MessageSigner("another key");
        Prop.ForAll(KernelGen.Frames.Where(f => f.Any(b => b.Length > 0)).ToArbitrary(), frames =>
        {
            var signature = signer.Sign(frames);
            Assert.True(signer.Verify(signature, frames));
            Assert.False(other.Verify(signature, frames));
            if (signature.ToUpperInvariant() != signature) Assert.False(signer.Verify(signature.ToUpperInvariant(), frames));
            Assert.False(signer.Verify(signature[..^1], frames));
            Assert.False(signer.Verify("", frames));

            var tampered = frames.Select(f => (byte[])f.Clone()).ToArray();
            var target = tampered.First(f => f.Length > 0);
            target[0] ^= 1;
            Assert.False(signer.Verify(signature, tampered));
        }).QuickCheckThrowOnFailure();
    }
}
