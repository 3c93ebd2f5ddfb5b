using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Inspect;

/// <summary>Summarises a parsed ONNX model without running or changing it.</summary>
static class OnnxSummaryBuilder
{
    public static OnnxSummary Build(ModelProto model)
    {
        string producer = string.Join(' ', new[] { model.ProducerName, model.ProducerVersion }.Where(s => !string.IsNullOrEmpty(s)));
        var opsets = model.OpsetImport.Select(o => new OpsetEntry(string.IsNullOrEmpty(o.Domain) ? "ai.onnx" : o.Domain, o.Version)).ToList();
        var opTypes = model.Graph.Node.GroupBy(n => n.OpType, StringComparer.Ordinal).Select(g => new OpTypeCount(g.Key, g.Count())).ToList();
        var initializers = model.Graph.Initializer.Select(Describe).ToList();
        long parameters = 0, floatParameters = 0, bytes = 0;
        foreach (TensorProto tensor in model.Graph.Initializer)
        {
            long elements = TensorData.ElementCount(tensor.Dims);
            parameters += elements;
            if (DataTypes.IsFloatingPoint(tensor.DataType)) floatParameters += elements;
            bytes += elements * DataTypes.ElementBytes(tensor.DataType);
        }
        return new OnnxSummary(model.IrVersion, producer, opsets, model.Graph.Node.Count, opTypes, initializers,
            new InitializerTotals(initializers.Count, parameters, floatParameters, bytes));
    }

    static InitializerEntry Describe(TensorProto tensor)
    {
        long elements = TensorData.ElementCount(tensor.Dims);
        bool external = DataTypes.IsExternal(tensor);
        return new InitializerEntry(tensor.Name, tensor.Dims.ToArray(), DataTypes.Name(tensor.DataType), elements,
            HasFloat32Data(tensor, elements, external) ? Sparsity.Of(TensorData.ReadFloats(tensor)) : null, external,
            external || elements == 0 || HoldsValues(tensor));
    }

    static bool HoldsValues(TensorProto t) =>
        t.HasRawData || t.FloatData.Count + t.Int32Data.Count + t.Int64Data.Count + t.DoubleData.Count + t.Uint64Data.Count + t.StringData.Count > 0;

    // Checked first so that a skeleton's emptied initializers read as "no data" rather than as an error.
    static bool HasFloat32Data(TensorProto tensor, long elements, bool external) =>
        TensorData.IsFloat32(tensor) && !external &&
        (tensor.HasRawData ? tensor.RawData.Length == elements * sizeof(float) : tensor.FloatData.Count == elements);
}
