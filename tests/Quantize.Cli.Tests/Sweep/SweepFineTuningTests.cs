using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>
/// sweep --fine-tune-epochs: each (method, bits) is fine-tuned once on the training split, and its rows carry
/// what compress with the same options reports. Kept small: 256 training images, one epoch, two settings.
/// </summary>
public class SweepFineTuningTests
{
    static readonly string[] Tuning = ["--data", RepoPaths.FashionMnist, "--fine-tune-epochs", "1", "--fine-tune-limit", "256", "--fine-tune-seed", "3"];

    [Fact]
    public void FineTunedRowsAreWhatCompressReportsForTheSameSetting()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "kmeans", "--bits", "3", "--coding", "fixed,huffman"];
        CliResult result = SweepRuns.SweepOk(temp.File("tuned"), [.. grid, .. Tuning]);
        SweepRuns.SweepOk(temp.File("plain"), [.. grid, "--data", RepoPaths.FashionMnist]);

        JsonElement[] rows = SweepRuns.Rows(temp.File("tuned")), plain = SweepRuns.Rows(temp.File("plain"));
        Assert.Equal(2, rows.Length);
        List<string[]> csv = CsvText.Parse(File.ReadAllText(temp.File("tuned/sweep.csv")));
        for (int i = 0; i < rows.Length; i++)
        {
            JsonElement row = rows[i], accuracy = row.GetProperty("accuracy");
            string coding = row.GetProperty("coding").GetString()!;
            CliResult compress = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", temp.File(coding + ".nqz"), "--method", "kmeans", "--bits", "3",
                "--coding", coding, .. Tuning, "--json"]);
            Assert.True(compress.ExitCode == 0, compress.Stderr);
            JsonElement report = JsonDocument.Parse(compress.Stdout).RootElement, expected = report.GetProperty("accuracy");
            Assert.Equal(expected.GetProperty("quantized").GetDouble(), accuracy.GetProperty("quantized").GetDouble());
            Assert.Equal(expected.GetProperty("fine_tuned").GetDouble(), accuracy.GetProperty("fine_tuned").GetDouble());
            // The row describes the fine-tuned container: compress wrote exactly that many bytes.
            Assert.Equal(report.GetProperty("sizes").GetProperty("container_bytes").GetInt64(), row.GetProperty("container_bytes").GetInt64());
            Assert.Equal(new FileInfo(temp.File(coding + ".nqz")).Length, row.GetProperty("container_bytes").GetInt64());
            Assert.Equal(report.GetProperty("distortion").GetDouble(), row.GetProperty("distortion").GetDouble());
            Assert.Equal(report.GetProperty("compression_ratio").GetDouble(), row.GetProperty("compression_ratio").GetDouble());

            // Fine-tuning comes after quantization: the quantized accuracy is the one a sweep without it measures.
            Assert.Equal(plain[i].GetProperty("accuracy").GetProperty("quantized").GetDouble(), accuracy.GetProperty("quantized").GetDouble());
            Assert.Equal(JsonValueKind.Null, plain[i].GetProperty("accuracy").GetProperty("fine_tuned").ValueKind);
            Assert.Equal(accuracy.GetProperty("fine_tuned").GetDouble(),
                double.Parse(csv[i + 1][Array.IndexOf(csv[0], "accuracy_fine_tuned")], CultureInfo.InvariantCulture));
        }
        Assert.Equal("", CsvText.Parse(File.ReadAllText(temp.File("plain/sweep.csv")))[1][Array.IndexOf(csv[0], "accuracy_fine_tuned")]);

        JsonElement settings = SweepRuns.Report(temp.File("tuned")).GetProperty("settings"), tuning = settings.GetProperty("fine_tuning");
        Assert.Equal(1, tuning.GetProperty("epochs").GetInt32());
        Assert.Equal(256, tuning.GetProperty("train_images").GetInt64());
        Assert.Equal(3, tuning.GetProperty("seed").GetInt64());
        Assert.Equal("cpu", settings.GetProperty("device").GetString());
        Assert.Equal(JsonValueKind.Null, SweepRuns.Report(temp.File("plain")).GetProperty("settings").GetProperty("fine_tuning").ValueKind);
        Assert.Contains("fine-tuned (%)", File.ReadAllText(temp.File("tuned/sweep.md")));
        Assert.DoesNotContain("fine-tuned (%)", File.ReadAllText(temp.File("plain/sweep.md")));
        Assert.Contains("fine-tuned", result.Stdout);

        // Figure 1 gains the "+ fine-tuning" column of panels: twice as wide, as tall.
        (int width, int height) = PngSize(temp.File("tuned/accuracy-vs-codeword-length.png"));
        (int plainWidth, int plainHeight) = PngSize(temp.File("plain/accuracy-vs-codeword-length.png"));
        Assert.Equal(2 * plainWidth, width);
        Assert.Equal(plainHeight, height);
    }

    [Fact]
    public void MergedFineTunedShardsEqualTheUnshardedSweep()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "kmeans,uniform", "--bits", "3", "--coding", "huffman", .. Tuning];
        SweepRuns.SweepOk(temp.File("whole"), [.. grid, "--jobs", "1"]);
        SweepRuns.SweepOk(temp.File("part1"), [.. grid, "--shard", "1/2", "--jobs", "2"]);
        SweepRuns.SweepOk(temp.File("part2"), [.. grid, "--shard", "2/2"]);

        CliResult merge = CliRunner.Run("sweep", "merge", temp.File("part2"), temp.File("part1"), "-o", temp.File("merged"));
        Assert.True(merge.ExitCode == 0, merge.Stderr);
        JsonElement[] whole = SweepRuns.Rows(temp.File("whole")), merged = SweepRuns.Rows(temp.File("merged"));
        Assert.Equal(2, whole.Length);
        Assert.All(whole, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("accuracy").GetProperty("fine_tuned").ValueKind));
        Assert.Equal(whole.Select(r => r.GetRawText()), merged.Select(r => r.GetRawText()));
        Assert.Equal(File.ReadAllText(temp.File("whole/sweep.csv")), File.ReadAllText(temp.File("merged/sweep.csv")));
        Assert.Equal(SweepRuns.Report(temp.File("whole")).GetProperty("settings").GetRawText(),
            SweepRuns.Report(temp.File("merged")).GetProperty("settings").GetRawText());
    }

    [Fact]
    public void ShardsFineTunedDifferentlyDoNotMerge()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "uniform", "--bits", "2..3", "--coding", "huffman", "--no-eval"];
        SweepRuns.SweepOk(temp.File("a"), [.. grid, .. Tuning, "--shard", "1/2"]);
        SweepRuns.SweepOk(temp.File("b"), [.. grid, "--shard", "2/2"]);
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", "merge", temp.File("a"), temp.File("b"), "-o", temp.File("m")),
            ExitCode.InputError, "its fine_tuning differs");
        Assert.False(Directory.Exists(temp.File("m")));
    }

    [Fact]
    public void CudaRunsWhereThereIsCudaAndFailsBeforeAnyWorkWhereNot()
    {
        TorchRuntime.EnsureLoaded();
        using var temp = new TemporaryFolder();
        string[] options = ["--methods", "uniform", "--bits", "2", "--coding", "fixed", .. Tuning, "--no-eval", "--device", "cuda"];
        if (cuda.is_available())
        {
            SweepRuns.SweepOk(temp.File("out"), options);
            Assert.Equal("cuda", SweepRuns.Report(temp.File("out")).GetProperty("settings").GetProperty("device").GetString());
            return;
        }
        SweepRuns.AssertOneLineFailure(SweepRuns.Sweep(temp.File("out"), options), ExitCode.UsageError, "CUDA is not available");
        Assert.False(Directory.Exists(temp.File("out")));
    }

    static (int Width, int Height) PngSize(string path)
    {
        byte[] header = File.ReadAllBytes(path)[16..24]; // IHDR's width and height, big-endian
        return (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
    }
}
