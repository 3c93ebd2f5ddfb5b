using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>Damage to the outer layers of a file: signature, envelope, version and checksum.</summary>
public class NqzCorruptionTests
{
    static byte[] SmallContainer() => NqzFile.ToBytes(ContainerFixture.Create(inputs: 2, outputs: 3, cells: 4).Build(SymbolCoding.Huffman));

    [Fact]
    public async Task SmallContainer_IsAccepted()
    {
        Assert.Null(await ContainerBytes.TryDecodeAsync(SmallContainer()));
    }

    [Fact]
    public async Task EveryTruncation_IsRejected()
    {
        byte[] file = SmallContainer();
        for (int length = 0; length < file.Length; length++)
            await ContainerBytes.AssertRejectedAsync(file[..length]);
    }

    [Fact]
    public async Task EverySingleBitFlip_IsRejected()
    {
        byte[] file = SmallContainer();
        for (int bit = 0; bit < file.Length * 8; bit++)
        {
            byte[] damaged = (byte[])file.Clone();
            damaged[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            await ContainerBytes.AssertRejectedAsync(damaged);
        }
    }

    [Fact]
    public async Task AppendedBytes_AreRejected()
    {
        // Trailing garbage parses as more envelope fields or fails outright; either way the file is refused.
        byte[] file = SmallContainer();
        await ContainerBytes.AssertRejectedAsync([.. file, 0x00]);
        await ContainerBytes.AssertRejectedAsync([.. file, 0xFF, 0xFF]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task WrongSignature_IsRejected(int position)
    {
        byte[] file = SmallContainer();
        file[position] ^= 0x20;

        await ContainerBytes.AssertRejectedAsync(file, "missing signature");
    }

    [Fact]
    public async Task TextModeLineEndingDamage_IsRejected()
    {
        // A CR LF -> LF conversion drops the signature's fifth byte.
        byte[] file = SmallContainer();
        byte[] damaged = [.. file[..4], .. file[5..]];

        await ContainerBytes.AssertRejectedAsync(damaged, "missing signature");
    }

    [Fact]
    public async Task OnnxFileInsteadOfContainer_IsRejected()
    {
        var fixture = ContainerFixture.Create();
        await ContainerBytes.AssertRejectedAsync(fixture.Model.ToByteArray(), "missing signature");
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(1000u)]
    [InlineData(uint.MaxValue)]
    public async Task OtherFormatVersion_WithCorrectChecksum_IsAnUnsupportedVersion(uint version)
    {
        NqzBody body = ContainerFixture.Create().Build(SymbolCoding.Huffman);

        NqzFormatException error = await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body, version), "unsupported version");

        Assert.Contains(version.ToString(CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public async Task FutureVersion_IsRefusedEvenIfItsBodyIsNotReadable()
    {
        // A future version may change the body completely; the version is checked before the body is parsed.
        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap([0xFF, 0xFF, 0xFF], version: 2), "unsupported version");
    }

    [Fact]
    public async Task ChecksumMismatch_IsRejected()
    {
        byte[] body = ContainerFixture.Create().Build(SymbolCoding.Huffman).ToByteArray();
        byte[] wrong = SHA256.HashData(body);
        wrong[31] ^= 1;

        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body, checksum: wrong), "checksum mismatch");
        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body, checksum: []), "checksum mismatch");
        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body, checksum: SHA256.HashData(body)[..16]), "checksum mismatch");
    }

    [Fact]
    public async Task ChecksumOfAnotherBody_IsRejected()
    {
        byte[] first = ContainerFixture.Create(seed: 1).Build(SymbolCoding.Huffman).ToByteArray();
        byte[] second = ContainerFixture.Create(seed: 2).Build(SymbolCoding.Huffman).ToByteArray();

        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(first, checksum: SHA256.HashData(second)), "checksum mismatch");
    }

    [Fact]
    public async Task EmptyFileAndBareSignature_AreRejected()
    {
        await ContainerBytes.AssertRejectedAsync([], "missing signature");
        // An empty envelope has version 0.
        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Signature, "unsupported version");
    }

    [Fact]
    public async Task RandomBytesAfterTheSignature_AreRejected()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var tail = new byte[random.Next(0, 200)];
            random.NextBytes(tail);

            await ContainerBytes.AssertRejectedAsync([.. ContainerBytes.Signature, .. tail]);
        }
    }
}
