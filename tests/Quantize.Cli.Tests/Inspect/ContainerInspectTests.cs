using System.Text.Json;

namespace Quantize.Cli.Tests.Inspect;

public class ContainerInspectTests(CompressedSample sample) : IClassFixture<CompressedSample>
{
    [Fact]
    public void StorageTermsEqualTheCompressReport()
    {
        JsonElement root = Inspect();
        JsonElement compress = sample.Report.RootElement;
        JsonElement storage = root.GetProperty("storage");
        JsonElement sizes = compress.GetProperty("sizes");
        Assert.Equal(compress.GetProperty("compression_ratio").GetDouble(), storage.GetProperty("compression_ratio").GetDouble());
        Assert.Equal(sizes.GetProperty("weight_bits").GetInt64(), storage.GetProperty("weight_bits").GetInt64());
        Assert.Equal(sizes.GetProperty("table_bits").GetInt64(), storage.GetProperty("table_bits").GetInt64());
        Assert.Equal(sizes.GetProperty("original_bits").GetInt64(), storage.GetProperty("original_bits").GetInt64());
        Assert.Equal(sizes.GetProperty("container_bytes").GetInt64(), root.GetProperty("file_bytes").GetInt64());
        Assert.Equal(431_080, storage.GetProperty("parameters").GetInt64());
        Assert.Equal(32L * 431_080, storage.GetProperty("original_bits").GetInt64());
    }

    [Fact]
    public void DescribesEveryTensorAndCodebook()
    {
        JsonElement root = Inspect();
        Assert.Equal("nqz", root.GetProperty("kind").GetString());
        Assert.Equal(1u, root.GetProperty("format_version").GetUInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("producer").GetString()));
        Assert.Equal(16u, root.GetProperty("settings").GetProperty("requested_clusters").GetUInt32());
        Assert.Equal(8, root.GetProperty("model").GetProperty("totals").GetProperty("initializers").GetInt32());

        JsonElement[] codebooks = root.GetProperty("codebooks").EnumerateArray().ToArray();
        JsonElement[] tensors = root.GetProperty("tensors").EnumerateArray().ToArray();
        Assert.Equal(8, tensors.Length);
        Assert.Equal(431_080, tensors.Sum(t => t.GetProperty("parameters").GetInt64()));
        foreach (JsonElement t in tensors)
        {
            Assert.InRange(t.GetProperty("clusters").GetInt32(), 1, 16);
            JsonElement codebook = codebooks[t.GetProperty("codebook").GetInt32()];
            Assert.Equal(codebook.GetProperty("values").GetInt32(), t.GetProperty("clusters").GetInt32());
            Assert.Equal(codebook.GetProperty("coding").GetString(), t.GetProperty("coding").GetString());
            double expected = codebook.GetProperty("stream_bits").GetInt64() / (double)codebook.GetProperty("symbols").GetInt64();
            Assert.Equal(expected, t.GetProperty("bits_per_parameter").GetDouble(), 12);
            Assert.InRange(t.GetProperty("sparsity").GetDouble(), 0, 1);
        }
        Assert.Equal(431_080, codebooks.Sum(c => c.GetProperty("symbols").GetInt64()));
        JsonElement storage = root.GetProperty("storage");
        Assert.Equal(codebooks.Sum(c => c.GetProperty("table_bits").GetInt64()) + 32L * codebooks.Sum(c => c.GetProperty("values").GetInt32()),
            storage.GetProperty("table_bits").GetInt64());
        Assert.Equal(storage.GetProperty("weight_bits").GetInt64() + storage.GetProperty("table_bits").GetInt64(), storage.GetProperty("total_bits").GetInt64());
    }

    [Fact]
    public void TextListsTensorsCodebooksAndTheRatio()
    {
        CliResult result = CliRunner.Run("inspect", sample.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        double ratio = sample.Report.RootElement.GetProperty("compression_ratio").GetDouble();
        Assert.Contains(".nqz container, format version 1", result.Stdout);
        Assert.Contains("quantized tensors:", result.Stdout);
        Assert.Contains("codebooks:", result.Stdout);
        Assert.Contains($"compression ratio: {ratio.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}", result.Stdout);
        Assert.Contains("fc1.weight", result.Stdout);
    }

    [Fact]
    public void DetectsAContainerBySignatureNotByName()
    {
        string renamed = sample.File("looks-like.onnx");
        File.Copy(sample.Path, renamed, overwrite: true);
        CliResult result = CliRunner.Run("inspect", renamed, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("nqz", doc.RootElement.GetProperty("kind").GetString());
    }

    JsonElement Inspect()
    {
        CliResult result = CliRunner.Run("inspect", sample.Path, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
