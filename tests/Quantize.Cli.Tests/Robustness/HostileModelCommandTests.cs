using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Cli.Tests.Robustness;

/// <summary>
/// A malformed model is malformed for every command (issue 18, item 5): inspect, compress, eval, hessian, prune, sweep and
/// inspect --original all refuse each hostile file with exit 3, one line naming what is wrong, and no output; and a
/// container whose model lies is refused by decompress and inspect alike.
/// </summary>
public class HostileModelCommandTests
{
    public static TheoryData<string> Cases() => [.. HostileModels.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryCommandThatReadsAModel_RefusesIt_AsCompressDoes(string name)
    {
        HostileModels.Case hostile = HostileModels.All.Single(c => c.Name == name);
        using var temp = new TemporaryFolder();
        string model = HostileModels.Write(hostile, temp.File("model"));
        string good = temp.File("good.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", good, "--method", "uniform", "--bits", "3", "--no-eval").ExitCode);
        string[][] commands =
        [
            ["inspect", model],
            ["inspect", model, "--json"],
            ["inspect", good, "--original", model],
            ["compress", model, "-o", temp.File("out.nqz"), "--method", "uniform", "--bits", "4", "--no-eval"],
            ["eval", model, "--data", RepoPaths.FashionMnist],
            ["hessian", model, "--samples", "8", "--data", RepoPaths.FashionMnist, "-o", temp.File("h.safetensors")],
            ["prune", model, "--ratio", "0.5", "--retrain-epochs", "0", "--data", RepoPaths.FashionMnist, "-o", temp.File("pruned.onnx")],
            ["sweep", model, "--methods", "uniform", "--bits", "2", "--no-eval", "-q", "-o", temp.File("sweep")],
        ];
        foreach (string[] args in commands)
        {
            CliResult result = CliRunner.Run(args);
            string command = string.Join(' ', args.Take(1).Concat(args.Skip(2).Take(1)));
            Assert.True(result.ExitCode == (int)ExitCode.InputError, $"{name}: '{command}' exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
            Assert.Single(result.ErrorLines);
            Assert.Contains(hostile.Mention, result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        Assert.Equal(["good.nqz"], Directory.GetFileSystemEntries(temp.Path).Select(p => Path.GetFileName(p)!).Where(n => n != "model").ToArray());
    }

    [Fact]
    public void AContainerWhoseModelLies_IsRefusedByDecompressAndInspectAlike()
    {
        using var temp = new TemporaryFolder();
        string good = temp.File("good.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", good, "--method", "uniform", "--bits", "3", "--no-eval").ExitCode);
        NqzBody body = NqzFile.Read(good);
        ModelProto skeleton = ModelProto.Parser.ParseFrom(body.ModelSkeleton);
        skeleton.Graph.Initializer.Add(new TensorProto { Name = "shape.lie", DataType = (int)DataType.Int64, Dims = { 1L << 40 }, RawData = ByteString.CopyFrom(new byte[8]) });
        body.ModelSkeleton = skeleton.ToByteString();
        string hostile = temp.File("hostile.nqz");
        File.WriteAllBytes(hostile, NqzFile.ToBytes(body)); // a valid checksum over the lie

        foreach (string[] args in new[] { ["decompress", hostile, "-o", temp.File("out.onnx")], new[] { "inspect", hostile } })
        {
            CliResult result = CliRunner.Run(args);
            Assert.True(result.ExitCode == (int)ExitCode.InputError, $"'{args[0]}' exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
            Assert.Contains("shape.lie", result.Stderr);
        }
        Assert.False(File.Exists(temp.File("out.onnx")));
    }
}
