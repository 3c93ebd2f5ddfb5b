using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Cli.Tests.Commands;

/// <summary>
/// The default quantizer's indices coded in codebooks of tensors of like spread: never a larger file than one table
/// (--one-table), the same values restored, the report's accounting exact against the container, and the paper's
/// settings (--bits) untouched.
/// </summary>
public class CodingGroupsTests
{
    /// <summary>
    /// One large weight beside forty small ones: under the default grid the small ones get a finer share (1/4 of the step),
    /// so their indices spread over four times as many cells as the large one's.
    /// </summary>
    static string SmallTensorsBesideALargeOne(TemporaryFolder temp)
    {
        var graph = new GraphProto { Name = "spreads" };
        graph.Input.Add(Value("x", DataType.Float, 2, 1000));
        graph.Input.Add(Value("z", DataType.Float, 2, 25));
        graph.Initializer.Add(Raw("large.weight", DataType.Float, [1000, 600], HazardModels.Gaussian(600_000, 1, 0.05f)));
        graph.Node.Add(Node("MatMul", "large", ["x", "large.weight"], ["y"]));
        graph.Output.Add(Value("y", DataType.Float, 2, 600));
        for (int i = 0; i < 40; i++)
        {
            graph.Initializer.Add(Raw($"small{i}.weight", DataType.Float, [25, 40], HazardModels.Gaussian(1000, 10 + i, 0.2f)));
            graph.Node.Add(Node("MatMul", $"small{i}", ["z", $"small{i}.weight"], [$"s{i}"]));
            graph.Output.Add(Value($"s{i}", DataType.Float, 2, 40));
        }
        string path = temp.File("spreads.onnx");
        OnnxModelFile.Save(Model(graph), path);
        return path;
    }

    static JsonElement Compress(string model, string output, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", model, "-o", output, "--no-eval", "--json", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    static Dictionary<string, int[]> RestoredBits(TemporaryFolder temp, string container)
    {
        string restored = temp.File(Path.GetFileNameWithoutExtension(container) + ".onnx");
        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        return ModelParameters.Extract(OnnxModelFile.Load(restored)).ToDictionary(t => t.Name, t => t.Values.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    static long TotalBits(JsonElement report) => report.GetProperty("sizes").GetProperty("total_bits").GetInt64();

    static long FileBytes(JsonElement report) => report.GetProperty("sizes").GetProperty("container_bytes").GetInt64();

    [Fact]
    public void TensorsOfVeryDifferentSpreads_GetCodebooksOfTheirOwn_AndTheFileShrinks()
    {
        using var temp = new TemporaryFolder();
        string model = SmallTensorsBesideALargeOne(temp);

        JsonElement grouped = Compress(model, temp.File("g.nqz"), "--no-probe"), one = Compress(model, temp.File("one.nqz"), "--no-probe", "--one-table");

        JsonElement groups = grouped.GetProperty("coding_groups");
        Assert.True(groups.GetProperty("codebooks").GetInt32() >= 2, groups.ToString());
        Assert.Equal(groups.GetProperty("codebooks").GetInt32(), grouped.GetProperty("codebooks").GetInt32());
        Assert.Equal(FileBytes(one) - FileBytes(grouped), groups.GetProperty("saved_bytes").GetInt64());
        Assert.Equal(TotalBits(one) - TotalBits(grouped), groups.GetProperty("saved_bits").GetInt64());
        // More than a bit per weight of the small tensors (40,000): one table gives their wide spread long codes.
        Assert.True(8 * groups.GetProperty("saved_bytes").GetInt64() > 40_000, $"{groups} of {FileBytes(one)} bytes");
        Assert.Equal(one.GetProperty("clusters").GetInt32(), grouped.GetProperty("clusters").GetInt32());
        Assert.Equal(one.GetProperty("clusters").GetInt32(), groups.GetProperty("one_table_shared_values").GetInt64());
        Assert.Equal(JsonValueKind.Null, one.GetProperty("coding_groups").ValueKind);
        // The small tensors share a codebook, the large one has another.
        var codebooks = grouped.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("codebook").GetInt32());
        Assert.Single(Enumerable.Range(0, 40).Select(i => codebooks[$"small{i}.weight"]).Distinct());
        Assert.NotEqual(codebooks["small0.weight"], codebooks["large.weight"]);

        Assert.Equal(RestoredBits(temp, temp.File("one.nqz")), RestoredBits(temp, temp.File("g.nqz")));
    }

    [Fact]
    public void TheReportsAccounting_IsTheContainersAsInspectReadsIt()
    {
        using var temp = new TemporaryFolder();
        string model = SmallTensorsBesideALargeOne(temp), container = temp.File("g.nqz");
        // Huffman, so each layer's bits are whole codewords and add up to the stream exactly (the default's ANS gives a
        // layer its symbols' ideal cost, and the stream adds the coder's flushed states).
        JsonElement report = Compress(model, container, "--no-probe", "--coding", "huffman");

        CliResult inspect = CliRunner.Run("inspect", container, "--json");

        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        JsonElement inspected = JsonDocument.Parse(inspect.Stdout).RootElement;
        Assert.Equal(TotalBits(report), inspected.GetProperty("storage").GetProperty("total_bits").GetInt64());
        Assert.Equal(report.GetProperty("coding_groups").GetProperty("shared_values").GetInt64(),
            inspected.GetProperty("codebooks").EnumerateArray().Sum(c => c.GetProperty("values").GetInt64()));
        Assert.Equal(report.GetProperty("sizes").GetProperty("weight_bits").GetInt64(), report.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("bits").GetInt64()));
        // Tensors are listed in the model's order, each naming its codebook.
        Assert.Equal(report.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("codebook").GetInt32())),
            inspected.GetProperty("tensors").EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("codebook").GetInt32())));
    }

    [Fact]
    public void TheSample_IsNeverLargerThanWithOneTable_AndRestoresTheSameValues()
    {
        using var temp = new TemporaryFolder();

        JsonElement grouped = Compress(RepoPaths.SampleModel, temp.File("g.nqz")), one = Compress(RepoPaths.SampleModel, temp.File("one.nqz"), "--one-table");

        Assert.InRange(FileBytes(one) - FileBytes(grouped), 0, long.MaxValue);
        Assert.Equal(FileBytes(one) - FileBytes(grouped), grouped.GetProperty("coding_groups").GetProperty("saved_bytes").GetInt64());
        Assert.Equal(RestoredBits(temp, temp.File("one.nqz")), RestoredBits(temp, temp.File("g.nqz")));
    }

    [Fact]
    public void ThePapersSettings_KeepOneTable()
    {
        using var temp = new TemporaryFolder();

        JsonElement report = Compress(RepoPaths.SampleModel, temp.File("b.nqz"), "--method", "uniform", "--bits", "5");

        Assert.Equal(JsonValueKind.Null, report.GetProperty("coding_groups").ValueKind);
        Assert.Equal(1, report.GetProperty("codebooks").GetInt32());
        Assert.Equal(183_625, FileBytes(report)); // the README's run
    }

    [Fact]
    public void TheTextReport_SaysWhatTheGroupsSaved()
    {
        using var temp = new TemporaryFolder();
        string model = SmallTensorsBesideALargeOne(temp);

        CliResult grouped = CliRunner.Run("compress", model, "-o", temp.File("g.nqz"), "--no-eval", "--no-probe");
        CliResult one = CliRunner.Run("compress", model, "-o", temp.File("one.nqz"), "--no-eval", "--no-probe", "--one-table");

        Assert.Contains(grouped.Stdout.Split('\n'), l => l.StartsWith("coding groups: indices in 2 codebooks of tensors of like spread", StringComparison.Ordinal)
            && l.EndsWith("smaller than with one table (--one-table)", StringComparison.Ordinal));
        Assert.DoesNotContain("coding groups", one.Stdout);
    }
}
