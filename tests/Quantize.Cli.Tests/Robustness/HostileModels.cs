using Google.Protobuf;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Cli.Tests.Robustness;

/// <summary>
/// The shipped LeNet-5 with one lie each, written as a model file in a folder of its own: the hostile ONNX cases the
/// Format tests hold for the reader, as files every command is given (issue 18, item 5). Each names the words its refusal says.
/// </summary>
static class HostileModels
{
    public sealed record Case(string Name, string Mention, Action<ModelProto, string> Corrupt)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] All =
    [
        // The case: 2^40 float32 values claimed over 4 stored bytes.
        new("huge-claim", "conv1.weight", (m, _) => Reshape(Tensor(m, "conv1.weight"), [1L << 40], ByteString.CopyFrom(new byte[4]))),
        new("fixed-tensor-huge-claim", "shape.lie", (m, _) => m.Graph.Initializer.Add(new TensorProto
        {
            Name = "shape.lie", DataType = (int)DataType.Int64, Dims = { 1L << 40 }, RawData = ByteString.CopyFrom(new byte[8]),
        })),
        new("dims-overflow", "conv1.weight", (m, _) => Reshape(Tensor(m, "conv1.weight"), [1L << 40, 1L << 40], ByteString.CopyFrom(new byte[4]))),
        new("negative-dim", "conv1.bias", (m, _) => Reshape(Tensor(m, "conv1.bias"), [-20], Tensor(m, "conv1.bias").RawData)),
        new("typed-count", "conv1.bias", (m, _) =>
        {
            TensorProto t = Tensor(m, "conv1.bias");
            t.ClearRawData();
            t.FloatData.Add([1f, 2f, 3f]);
        }),
        new("external-outside-folder", "outside the model's folder", (m, folder) => External(m, folder, "../bias.data")),
        new("external-missing", "does not exist", (m, folder) => External(m, folder, "absent.data")),
        new("external-short", "conv1.bias", (m, folder) =>
        {
            External(m, folder, "bias.data");
            File.WriteAllBytes(Path.Combine(folder, "bias.data"), new byte[12]);
        }),
        new("duplicate-initializer", "two initializers named 'conv1.bias'", (m, _) => m.Graph.Initializer.Add(Tensor(m, "conv1.bias").Clone())),
    ];

    /// <summary>Writes the sample with <paramref name="hostile"/>'s lie as model.onnx in <paramref name="folder"/> (its external data beside it).</summary>
    public static string Write(Case hostile, string folder)
    {
        Directory.CreateDirectory(folder);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(RepoPaths.SampleModel));
        hostile.Corrupt(model, folder);
        string path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, model.ToByteArray()); // not OnnxModelFile.Save: the file must hold the lie exactly
        return path;
    }

    static TensorProto Tensor(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    static void Reshape(TensorProto tensor, long[] dims, ByteString raw)
    {
        tensor.Dims.Clear();
        tensor.Dims.Add(dims);
        tensor.RawData = raw;
    }

    static void External(ModelProto model, string folder, string location)
    {
        TensorProto bias = Tensor(model, "conv1.bias");
        OnnxBuilder.Externalize(bias, folder, "bias.data");
        bias.ExternalData.Single(e => e.Key == "location").Value = location;
    }
}
