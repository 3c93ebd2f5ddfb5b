using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Onnx;

/// <summary>Small helpers for writing ONNX graphs by hand: nodes, attributes, typed inputs and outputs.</summary>
public sealed class OnnxGraphBuilder
{
    public const int OpsetVersion = 13;
    const long IrVersion = 7;

    readonly GraphProto graph = new();

    public OnnxGraphBuilder(string name) => graph.Name = name;

    public void Input(string name, params object[] dims) => graph.Input.Add(ValueInfo(name, dims));

    public void Output(string name, params object[] dims) => graph.Output.Add(ValueInfo(name, dims));

    public void Initializer(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name };
        tensor.Dims.AddRange(dims);
        TensorData.WriteFloats(tensor, values);
        graph.Initializer.Add(tensor);
    }

    public void Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
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

    public ModelProto ToModel(string producerVersion)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "quantize",
            ProducerVersion = producerVersion,
            Graph = graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    // Dims are either a fixed size (int/long) or a symbolic name (string), e.g. "batch".
    static ValueInfoProto ValueInfo(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
