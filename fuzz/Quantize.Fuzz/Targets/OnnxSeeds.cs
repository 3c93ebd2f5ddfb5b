using System.Globalization;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// Small models for the ONNX target: the tests' model with weights of every kind (float16, double, bfloat16, int32_data,
/// Constant nodes, If branches), the same with a tensor in external data, and a few shapes of external references
/// into the files <see cref="Scratch"/> lays beside the model.
/// </summary>
static class OnnxSeeds
{
    public static IEnumerable<Seed> All()
    {
        yield return Seed("mixed.onnx", MixedWeightsModel.Build());

        ModelProto external = MixedWeightsModel.Build();
        External(Tensor(external, MixedWeightsModel.ExternalWeight), "weights.bin", offset: 128, length: 64);
        yield return Seed("mixed-external.onnx", external);

        yield return Seed("gemm-external-sub.onnx", Gemm(tensor => External(tensor, "sub/more.bin", offset: 160, length: null)));
        yield return Seed("gemm-typed.onnx", Gemm(tensor =>
        {
            float[] values = RandomValues(24, 3);
            tensor.ClearRawData();
            tensor.FloatData.Add(values);
        }));
        yield return Seed("gemm-outside.onnx", Gemm(tensor => External(tensor, "../outside.bin", offset: 0, length: 96)));
    }

    // y = Gemm(x, W, b) with transB = 1: W [6, 4] in raw_data, then changed by the caller.
    static ModelProto Gemm(Action<TensorProto> changeWeight)
    {
        var graph = new GraphProto { Name = "gemm" };
        graph.Input.Add(Value("x", DataType.Float, 1, 4));
        graph.Output.Add(Value("y", DataType.Float, 1, 6));
        TensorProto weight = Raw("fc.weight", DataType.Float, [6, 4], RandomValues(24, 1));
        changeWeight(weight);
        graph.Initializer.Add(weight);
        graph.Initializer.Add(Raw("fc.bias", DataType.Float, [6], RandomValues(6, 2)));
        graph.Node.Add(Node("Gemm", "fc", ["x", "fc.weight", "fc.bias"], ["y"],
            new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        return Model(graph);
    }

    static TensorProto Tensor(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    static void External(TensorProto tensor, string location, long offset, long? length)
    {
        tensor.ClearRawData();
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
        if (length is { } bytes) tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.ToString(CultureInfo.InvariantCulture) });
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
    }

    static Seed Seed(string name, ModelProto model) => new(name, model.ToByteArray());
}
