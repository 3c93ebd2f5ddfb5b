using Quantize.Cli.Pipeline;
using Quantize.Cli.Sweep;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>
/// A sweep row describes the container compress writes for the same setting: both run the same stages (prepare,
/// quantize, code), so the bytes must be equal, not just the sizes and ratios.
/// </summary>
public class SweepContainerIdentityTests
{
    [Theory]
    [InlineData("kmeans", 3)]
    [InlineData("hkmeans", 2)]
    [InlineData("uniform", 4)]
    [InlineData("ecsq", 3)]
    [InlineData("uniform", 4, "channel")]
    [InlineData("hkmeans", 2, "tensor")]
    public void ASweepUnitsContainerIsByteForByteTheOneCompressWrites(string method, int bits, string scale = "none")
    {
        using var folder = new TemporaryFolder();
        QuantizationMethod parsed = QuantizerNames.ParseMethod(method);
        SymbolCoding[] codings = [SymbolCoding.Huffman, SymbolCoding.Ans, SymbolCoding.Fixed];
        var request = new SweepRequest
        {
            ModelPath = RepoPaths.SampleModel,
            Methods = [parsed],
            Bits = [bits],
            Codings = codings,
            Evaluate = false,
            Scale = Names.ScaleNames.Parse(scale),
        };
        UnitOutcome outcome = UnitQuantization.Run(new SweepUnit(parsed, bits), request, SweepInputs.Load(request));
        Assert.Null(outcome.Error);

        for (int i = 0; i < codings.Length; i++)
        {
            string coding = Names.CodingNames.Of(codings[i]);
            string output = folder.File($"{method}-{coding}.nqz");
            CliResult compressed = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", output, "--method", method, "--bits", bits.ToString(),
                "--coding", coding, "--no-eval", "--scale", scale);
            Assert.True(compressed.ExitCode == 0, compressed.Stderr);
            byte[] written = File.ReadAllBytes(output);
            Assert.True(written.AsSpan().SequenceEqual(outcome.Containers[i].File),
                $"{method} {bits} bits {coding} --scale {scale}: compress wrote {written.Length} bytes, the sweep's container has {outcome.Containers[i].Bytes}");
        }
    }
}
