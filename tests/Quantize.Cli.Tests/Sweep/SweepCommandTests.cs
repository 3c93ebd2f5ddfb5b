using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Sweep;

public class SweepCommandTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void EvaluatedSweepWritesEveryFileAndTheCsvAgreesWithTheJson()
    {
        using var temp = new TemporaryFolder();
        string output = Path.Combine(temp.Path, "out", "nested"); // created if missing
        CliResult result = SweepRuns.SweepOk(output, "--methods", "uniform,kmeans", "--bits", "2,4", "--coding", "fixed,huffman", "--data", RepoPaths.FashionMnist);

        foreach (string name in new[] { "sweep.csv", "sweep.json", "sweep.md" })
            Assert.True(new FileInfo(Path.Combine(output, name)).Length > 0, name);
        foreach (string plot in new[] { "accuracy-vs-codeword-length", "accuracy-vs-ratio" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, plot + ".png"));
            Assert.True(png.Length > 1000, plot);
            Assert.Equal(PngSignature, png[..8]);
            string svg = File.ReadAllText(Path.Combine(output, plot + ".svg"));
            Assert.Contains("<svg", svg);
            Assert.EndsWith("</svg>", svg.TrimEnd());
        }
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));

        JsonElement report = SweepRuns.Report(output);
        JsonElement[] rows = SweepRuns.Rows(output);
        Assert.Equal(8, rows.Length);
        Assert.Equal(0, report.GetProperty("failed").GetInt32());
        // Canonical order: method (kmeans before uniform, whatever the order asked), bits, coding (fixed first).
        Assert.Equal(["kmeans 2 fixed", "kmeans 2 huffman", "kmeans 4 fixed", "kmeans 4 huffman", "uniform 2 fixed", "uniform 2 huffman", "uniform 4 fixed", "uniform 4 huffman"],
            rows.Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("bits").GetInt32()} {r.GetProperty("coding").GetString()}"));

        List<string[]> csv = CsvText.Parse(File.ReadAllText(Path.Combine(output, "sweep.csv")));
        Assert.Equal(rows.Length + 1, csv.Count);
        string[] header = csv[0];
        for (int i = 0; i < rows.Length; i++)
        {
            string Cell(string column) => csv[i + 1][Array.IndexOf(header, column)];
            JsonElement row = rows[i];
            Assert.Equal(row.GetProperty("method").GetString(), Cell("method"));
            Assert.Equal(row.GetProperty("coding").GetString(), Cell("coding"));
            Assert.Equal(row.GetProperty("bits").GetInt32().ToString(CultureInfo.InvariantCulture), Cell("bits"));
            Assert.Equal(row.GetProperty("clusters").GetInt32().ToString(CultureInfo.InvariantCulture), Cell("clusters"));
            foreach (string number in new[] { "entropy_bits", "average_codeword_bits", "distortion", "compression_ratio" })
                Assert.Equal(row.GetProperty(number).GetDouble(), double.Parse(Cell(number), CultureInfo.InvariantCulture));
            foreach (string size in new[] { "original_bits", "weight_bits", "index_bits", "table_bits", "total_bits" })
                Assert.Equal(row.GetProperty("sizes").GetProperty(size).GetInt64(), long.Parse(Cell(size), CultureInfo.InvariantCulture));
            Assert.Equal(row.GetProperty("container_bytes").GetInt64(), long.Parse(Cell("container_bytes"), CultureInfo.InvariantCulture));
            JsonElement accuracy = row.GetProperty("accuracy");
            Assert.Equal(accuracy.GetProperty("original").GetDouble(), double.Parse(Cell("accuracy_original"), CultureInfo.InvariantCulture));
            Assert.Equal(accuracy.GetProperty("quantized").GetDouble(), double.Parse(Cell("accuracy_quantized"), CultureInfo.InvariantCulture));
            Assert.Equal(JsonValueKind.Null, accuracy.GetProperty("fine_tuned").ValueKind);
            Assert.Equal("", Cell("accuracy_fine_tuned"));
            Assert.Equal("ok", Cell("status"));

            // eq. (1) with every term, as compress reports it.
            JsonElement sizes = row.GetProperty("sizes");
            long total = sizes.GetProperty("weight_bits").GetInt64() + sizes.GetProperty("index_bits").GetInt64() + sizes.GetProperty("table_bits").GetInt64();
            Assert.Equal(total, sizes.GetProperty("total_bits").GetInt64());
            Assert.Equal(sizes.GetProperty("original_bits").GetInt64() / (double)total, row.GetProperty("compression_ratio").GetDouble(), 12);
        }

        // Each (method, bits) is quantized and scored once: its codings share the accuracy and the distortion.
        for (int i = 0; i < rows.Length; i += 2)
        {
            Assert.Equal(rows[i].GetProperty("accuracy").GetProperty("quantized").GetDouble(), rows[i + 1].GetProperty("accuracy").GetProperty("quantized").GetDouble());
            Assert.Equal(rows[i].GetProperty("distortion").GetDouble(), rows[i + 1].GetProperty("distortion").GetDouble());
        }

        string markdown = File.ReadAllText(Path.Combine(output, "sweep.md"));
        Assert.Contains($"quantize sweep {RepoPaths.SampleModel} -o {output} -q --methods uniform,kmeans --bits 2,4", markdown);
        Assert.Contains("| method | coding | bits |", markdown);
        Assert.Contains("(accuracy-vs-codeword-length.png)", markdown);
        Assert.Contains("8 settings", result.Stdout);
    }

    [Fact]
    public void ASweepRowIsWhatCompressReportsForTheSameSetting()
    {
        using var temp = new TemporaryFolder();
        SweepRuns.SweepOk(temp.Path, "--methods", "uniform,ecsq", "--bits", "3", "--coding", "huffman", "--no-eval");
        foreach (JsonElement row in SweepRuns.Rows(temp.Path))
        {
            string method = row.GetProperty("method").GetString()!;
            CliResult compress = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File(method + ".nqz"), "--method", method, "--bits", "3", "--no-eval", "--json");
            Assert.True(compress.ExitCode == 0, compress.Stderr);
            JsonElement report = JsonDocument.Parse(compress.Stdout).RootElement;
            Assert.Equal(report.GetProperty("compression_ratio").GetDouble(), row.GetProperty("compression_ratio").GetDouble());
            Assert.Equal(report.GetProperty("entropy_bits").GetDouble(), row.GetProperty("entropy_bits").GetDouble());
            Assert.Equal(report.GetProperty("distortion").GetDouble(), row.GetProperty("distortion").GetDouble());
            Assert.Equal(report.GetProperty("sizes").GetProperty("container_bytes").GetInt64(), row.GetProperty("container_bytes").GetInt64());
        }
    }

    [Fact]
    public void AFailingSettingIsRecordedAndTheRestComplete()
    {
        using var temp = new TemporaryFolder();
        // 2^14 clusters over the sample's 30,132 distinct values is more than the exact k-means solver will allocate; uniform has no such limit.
        CliResult result = SweepRuns.SweepOk(temp.Path, "--methods", "kmeans,uniform", "--bits", "2,14", "--no-eval");
        JsonElement[] rows = SweepRuns.Rows(temp.Path);
        Assert.Equal(8, rows.Length);
        JsonElement[] failed = rows.Where(r => r.GetProperty("status").GetString() == "failed").ToArray();
        Assert.Equal(2, failed.Length);
        Assert.All(failed, r =>
        {
            Assert.Equal("kmeans", r.GetProperty("method").GetString());
            Assert.Equal(14, r.GetProperty("bits").GetInt32());
            Assert.Contains("exact solver", r.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("compression_ratio").ValueKind);
        });
        Assert.All(rows.Except(failed), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.Equal(2, SweepRuns.Report(temp.Path).GetProperty("failed").GetInt32());
        Assert.Contains("2 failed", result.Stdout);
        Assert.Contains("failed", File.ReadAllText(temp.File("sweep.csv")));
        Assert.True(File.Exists(temp.File("distortion-vs-codeword-length.png")));
    }

    [Fact]
    public void MergedShardsEqualTheUnshardedSweepRowByRow()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "kmeans,uniform,ecsq", "--bits", "2..3", "--no-eval"];
        SweepRuns.SweepOk(temp.File("whole"), [.. grid, "--jobs", "1"]);
        SweepRuns.SweepOk(temp.File("part2"), [.. grid, "--shard", "2/2"]);
        SweepRuns.SweepOk(temp.File("part1"), [.. grid, "--shard", "1/2", "--jobs", "3"]);
        Assert.Equal(6, SweepRuns.Rows(temp.File("part1")).Length); // units 1, 3, 5 of 6, two codings each
        Assert.Equal(6, SweepRuns.Rows(temp.File("part2")).Length);

        CliResult merge = CliRunner.Run("sweep", "merge", temp.File("part2"), temp.File("part1"), "-o", temp.File("merged"));
        Assert.True(merge.ExitCode == 0, merge.Stderr);

        JsonElement[] whole = SweepRuns.Rows(temp.File("whole")), merged = SweepRuns.Rows(temp.File("merged"));
        Assert.Equal(12, whole.Length);
        Assert.Equal(whole.Select(r => r.GetRawText()), merged.Select(r => r.GetRawText()));
        Assert.Equal(File.ReadAllText(temp.File("whole/sweep.csv")), File.ReadAllText(temp.File("merged/sweep.csv")));
        foreach (string name in new[] { "sweep.md", "distortion-vs-codeword-length.png", "distortion-vs-ratio.svg" })
            Assert.True(File.Exists(Path.Combine(temp.File("merged"), name)), name);
        Assert.Equal(2, SweepRuns.Report(temp.File("merged")).GetProperty("merged_from").GetArrayLength());
    }

    [Fact]
    public void MergeRefusesIncompleteOrForeignShards()
    {
        using var temp = new TemporaryFolder();
        SweepRuns.SweepOk(temp.File("a"), "--methods", "uniform", "--bits", "2..3", "--no-eval", "--shard", "1/2");
        SweepRuns.SweepOk(temp.File("b"), "--methods", "uniform", "--bits", "2..4", "--no-eval", "--shard", "2/2");
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", "merge", temp.File("a"), "-o", temp.File("m")), ExitCode.InputError, "shard 2/2 is missing");
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", "merge", temp.File("a"), temp.File("b"), "-o", temp.File("m")), ExitCode.InputError, "its bits differs");
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", "merge", temp.File("a"), temp.File("a"), "-o", temp.File("m")), ExitCode.InputError, "given twice");
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", "merge", temp.File("nowhere"), "-o", temp.File("m")), ExitCode.InputError, "sweep folder not found");
        Assert.False(Directory.Exists(temp.File("m")));
    }
}
