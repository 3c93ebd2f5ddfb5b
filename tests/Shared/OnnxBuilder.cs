using System.Buffers.Binary;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Tests.Shared;

/// <summary>Builds ONNX nodes, tensors and graphs from the generated protobuf types, for tests that need real model files.</summary>
static class OnnxBuilder
{
    public static float[] RandomValues(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>A tensor in raw_data of the given floating type (values rounded to it).</summary>
    public static TensorProto Raw(string name, DataType type, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.Add(dims);
        tensor.RawData = ByteString.CopyFrom(RawBytes(type, values));
        return tensor;
    }

    public static byte[] RawBytes(DataType type, float[] values)
    {
        int size = type switch { DataType.Float => 4, DataType.Double => 8, _ => 2 };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size);
            switch (type)
            {
                case DataType.Float: BinaryPrimitives.WriteSingleLittleEndian(at, values[i]); break;
                case DataType.Double: BinaryPrimitives.WriteDoubleLittleEndian(at, values[i]); break;
                case DataType.Float16: BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]); break;
                default: BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16)); break; // bfloat16, truncated
            }
        }
        return bytes;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }

    public static NodeProto Constant(string output, TensorProto value) =>
        Node("Constant", output + ".node", [], [output], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });

    public static NodeProto Cast(string input, string output, DataType to) =>
        Node("Cast", output + ".cast", [input], [output], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)to });

    public static AttributeProto Graph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    public static ValueInfoProto Value(string name, DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    public static ModelProto Model(GraphProto graph, long opset = 17)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "quantize-tests", Graph = graph, DocString = "kept as is" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "origin", Value = "OnnxBuilder" });
        return model;
    }

    /// <summary>Moves a tensor's raw_data to <paramref name="file"/> at its current end, leaving an external reference.</summary>
    public static void Externalize(TensorProto tensor, string folder, string file)
    {
        string path = Path.Combine(folder, file);
        long offset = File.Exists(path) ? new FileInfo(path).Length : 0;
        using (FileStream stream = new(path, FileMode.Append)) stream.Write(tensor.RawData.Span);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = file });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ClearRawData();
    }
}
