using System.Runtime.InteropServices;
using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Benchmarks.Scale;

/// <summary>A chain of square MatMul layers holding at least N float32 weights (seeded, roughly Gaussian like trained weights).</summary>
static class SyntheticOnnxModel
{
    const int Width = 2048;

    public static void Write(string path, long parameters)
    {
        long perLayer = (long)Width * Width;
        int layers = (int)((parameters + perLayer - 1) / perLayer);
        var graph = new GraphProto { Name = "synthetic" };
        var random = new Random(7);
        string input = "x";
        for (int l = 0; l < layers; l++)
        {
            var values = new float[perLayer];
            for (int i = 0; i < values.Length; i++)
                values[i] = (float)((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 0.05);
            var weight = new TensorProto { Name = $"layer{l}.weight", DataType = (int)TensorProto.Types.DataType.Float };
            weight.Dims.Add([Width, Width]);
            weight.RawData = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            graph.Initializer.Add(weight);
            var node = new NodeProto { OpType = "MatMul", Name = $"layer{l}" };
            node.Input.Add([input, weight.Name]);
            node.Output.Add(input = $"h{l}");
            graph.Node.Add(node);
        }
        var model = new ModelProto { IrVersion = 8, ProducerName = "quantize-benchmarks", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        OnnxModelFile.Save(model, path);
    }
}
