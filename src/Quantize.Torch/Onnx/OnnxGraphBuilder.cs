using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>Small helpers for writing ONNX graphs by hand: nodes, attributes, typed inputs and outputs, at a chosen opset.</summary>
public sealed class OnnxGraphBuilder(string name, long opset = OnnxGraphBuilder.OpsetVersion)
{
    /// <summary>The opset our own exports use.</summary>
    public const int OpsetVersion = 13;

    readonly GraphProto graph = new() { Name = name };

    public long Opset => opset;

    public void Input(string name, params object[] dims) => graph.Input.Add(ValueInfo(name, DataType.Float, dims));

    public void Output(string name, params object[] dims) => graph.Output.Add(ValueInfo(name, DataType.Float, dims));

    /// <summary>An output of any element type with an unknown shape (left to shape inference).</summary>
    public void Output(string name, DataType type) =>
        graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } });

    public void Initializer(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name };
        tensor.Dims.AddRange(dims);
        TensorData.WriteFloats(tensor, values);
        graph.Initializer.Add(tensor);
    }

    public void Int64Initializer(string name, long[] dims, params long[] values) => graph.Initializer.Add(Int64Tensor(name, dims, values));

    public void Node(string opType, string[] inputs, string output, params AttributeProto[] attributes) =>
        Node(opType, inputs, [output], attributes);

    public void Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Floats(string name, params float[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public static TensorProto Int64Tensor(string name, long[] dims, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    public ModelProto ToModel(string producerVersion)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersionFor(opset),
            ProducerName = "quantize",
            ProducerVersion = producerVersion,
            Graph = graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    // The IR version that introduced each opset; runtimes reject a model whose IR predates its opset.
    static long IrVersionFor(long opset) => opset switch
    {
        <= 13 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    // Dims are either a fixed size (int/long) or a symbolic name (string), e.g. "batch".
    static ValueInfoProto ValueInfo(string name, DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
