using System.Text.Json;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// <c>compress --coding context</c> on a pruned model (issue 15): positions become significance flags, eq. (1) counts their
/// bytes as index bits, and every layer's positions and indices stand beside their references.
/// </summary>
public class CompressContextTests(PrunedSample sample) : IClassFixture<PrunedSample>
{
    [Fact]
    public void PositionsAreSignificanceFlagsCountedAsIndexBits_BesideTheirReferences()
    {
        using var temp = new TemporaryFolder();
        string output = temp.File("context.nqz");
        CliResult result = CliRunner.Run("compress", sample.Path, "-o", output, "--method", "uniform", "--bits", "4", "--coding", "context", "--no-eval", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement report = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("context", report.GetProperty("coding").GetString());
        Assert.Equal("significance", report.GetProperty("positions").GetProperty("mode").GetString());

        NqzBody body = NqzFile.Read(output);
        Assert.Equal(SymbolCoding.Context, body.Codebooks[0].Coding);
        long flagBits = body.Tensors.Sum(t => 8L * (t.Significance?.Stream.Length ?? 0));
        Assert.True(flagBits > 0);
        JsonElement sizes = report.GetProperty("sizes");
        Assert.Equal(flagBits, sizes.GetProperty("index_bits").GetInt64());
        Assert.Equal(0, sizes.GetProperty("index_table_bits").GetInt64());
        Assert.Equal((long)body.Codebooks[0].StreamBits, sizes.GetProperty("weight_bits").GetInt64());

        foreach (JsonElement layer in report.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            QuantizedTensor tensor = body.Tensors.Single(t => t.Name == name);
            long kept = layer.GetProperty("kept").GetInt64();
            Assert.True(layer.GetProperty("index_entropy_bits_per_kept").GetDouble() > 0);
            if (tensor.Significance == null)
            {
                Assert.Equal(JsonValueKind.Null, layer.GetProperty("position_bits_per_kept").ValueKind);
                continue;
            }
            Assert.Equal(8.0 * tensor.Significance.Stream.Length / kept, layer.GetProperty("position_bits_per_kept").GetDouble(), 9);
            double independent = layer.GetProperty("independent_position_bits_per_kept").GetDouble();
            double p = (double)kept / layer.GetProperty("parameters").GetInt64();
            Assert.Equal(-(p * Math.Log2(p) + (1 - p) * Math.Log2(1 - p)) / p, independent, 9);
            Assert.True(layer.GetProperty("index_difference_bits_per_kept").GetDouble() > 0);
        }
    }
}
