using Google.Protobuf;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Damaged bodies re-wrapped with a correct checksum. Some damage still leaves a valid container (a flipped
/// bit in a shared value or the producer name), so the rule is: accepted, or refused with
/// NqzFormatException — never another exception and never a hang.
/// </summary>
public class NqzBodyFuzzTests
{
    static byte[] SmallBody(SymbolCoding coding) =>
        ContainerFixture.Create(inputs: 2, outputs: 3, cells: 4).Build(coding).ToByteArray();

    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    public async Task EverySingleBitFlipOfTheBody_IsAcceptedOrRejectedCleanly(SymbolCoding coding)
    {
        byte[] body = SmallBody(coding);
        int rejected = 0;
        for (int bit = 0; bit < body.Length * 8; bit++)
        {
            byte[] damaged = (byte[])body.Clone();
            damaged[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            if (!await ContainerBytes.AssertAcceptedOrRejectedCleanlyAsync(ContainerBytes.Wrap(damaged), $"bit {bit}")) rejected++;
        }
        // Many flips land in names, doc strings and float values and leave a valid file; still, if hardly
        // any were refused, the validator would be doing nothing.
        Assert.True(rejected > body.Length * 8 / 4, $"only {rejected} of {body.Length * 8} flips were refused");
    }

    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    public async Task EveryTruncationOfTheBody_IsRejected_ExceptDroppingTheOptionalSettings(SymbolCoding coding)
    {
        // Fields are written in field-number order and the informative settings (field 5) come last, so
        // exactly one cut leaves a valid body: the one that drops the settings whole.
        NqzBody valid = ContainerFixture.Create(inputs: 2, outputs: 3, cells: 4).Build(coding);
        byte[] body = valid.ToByteArray();
        NqzBody withoutSettings = valid.Clone();
        withoutSettings.Settings = null;

        var accepted = new List<int>();
        for (int length = 0; length < body.Length; length++)
            if (await ContainerBytes.AssertAcceptedOrRejectedCleanlyAsync(ContainerBytes.Wrap(body[..length]), $"length {length}"))
                accepted.Add(length);

        Assert.Equal([withoutSettings.CalculateSize()], accepted);
    }

    [Fact]
    public async Task EveryByteValueAtEveryPositionOfTheCodebook_IsAcceptedOrRejectedCleanly()
    {
        NqzBody valid = ContainerFixture.Create(inputs: 2, outputs: 3, cells: 4).Build(SymbolCoding.Huffman);
        byte[] codebook = valid.Codebooks[0].ToByteArray();
        for (int position = 0; position < codebook.Length; position++)
        {
            for (int value = 0; value < 256; value++)
            {
                byte[] damaged = (byte[])codebook.Clone();
                damaged[position] = (byte)value;
                NqzBody body = valid.Clone();
                body.Codebooks.Clear();
                Codebook parsed;
                try
                {
                    parsed = Codebook.Parser.ParseFrom(damaged);
                }
                catch (InvalidProtocolBufferException)
                {
                    continue; // not a message at all: the envelope-level tests cover unreadable bodies
                }
                body.Codebooks.Add(parsed);
                await ContainerBytes.AssertAcceptedOrRejectedCleanlyAsync(ContainerBytes.Wrap(body), $"byte {position} = {value}");
            }
        }
    }

    [Fact]
    public async Task RandomBodies_AreRejectedCleanly()
    {
        for (int seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);

            await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body));
        }
    }
}
