using System.Buffers.Binary;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Tests.Onnx;

/// <summary>
/// Small ONNX models built directly from the generated protobuf types: y = reshape(x · W + b) · scale,
/// with float initializers stored both ways ONNX allows (raw_data and float_data) and an int64 one.
/// </summary>
static class SampleModels
{
    public const string Weights = "fc.weight";
    public const string Bias = "fc.bias";
    public const string Shape = "reshape.shape";
    public const string Scale = "scale";

    /// <summary>Float initializers in graph order; the int64 <see cref="Shape"/> sits between them.</summary>
    public static readonly string[] FloatInitializers = [Weights, Bias, Scale];

    public static float[] WeightValues(int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        var values = new float[inputs * outputs];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    /// <summary>Values that catch sloppy copies: signed zero, a subnormal, extremes, a non-dyadic fraction.</summary>
    public static readonly float[] AwkwardBias = [-0.0f, float.Epsilon, float.MaxValue, -1.0f / 3, 1e-30f, -123456.789f];

    public static ModelProto Build(int inputs = 4, int outputs = 6, int seed = 1, float[]? bias = null)
    {
        bias ??= Enumerable.Range(0, outputs).Select(i => i < AwkwardBias.Length ? AwkwardBias[i] : i / 10f).ToArray();
        var graph = new GraphProto { Name = "tiny", DocString = "a graph for tests" };
        graph.Node.Add(Node("MatMul", "matmul", ["x", Weights], ["h"]));
        graph.Node.Add(Node("Add", "add", ["h", Bias], ["z"]));
        graph.Node.Add(Node("Reshape", "reshape", ["z", Shape], ["r"]));
        NodeProto multiply = Node("Mul", "mul", ["r", Scale], ["y"]);
        multiply.Attribute.Add(new AttributeProto { Name = "note", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("kept") });
        graph.Node.Add(multiply);

        graph.Initializer.Add(RawFloats(Weights, [inputs, outputs], WeightValues(inputs, outputs, seed)));
        var shape = new TensorProto { Name = Shape, DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.Add([-1, outputs]);
        graph.Initializer.Add(shape);
        var biasTensor = new TensorProto { Name = Bias, DataType = (int)TensorProto.Types.DataType.Float };
        biasTensor.Dims.Add(outputs);
        biasTensor.FloatData.Add(bias);
        graph.Initializer.Add(biasTensor);
        graph.Initializer.Add(RawFloats(Scale, [], [0.5f]));

        graph.Input.Add(FloatInput("x", [1, inputs]));
        graph.Output.Add(FloatInput("y", [1, outputs]));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "format-tests",
            ProducerVersion = "1.2.3",
            Domain = "test.quantize",
            ModelVersion = 7,
            DocString = "built by hand",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
        return model;
    }

    public static TensorProto RawFloats(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        tensor.RawData = ByteString.CopyFrom(LittleEndian(values));
        return tensor;
    }

    /// <summary>The raw_data encoding written out by hand: four little-endian bytes per value.</summary>
    public static byte[] LittleEndian(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    static NodeProto Node(string opType, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        return node;
    }

    static ValueInfoProto FloatInput(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
