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
        // Initializers of every graph, If/Loop/Scan bodies included, and Constant-node tensors that hold weights
        // (docs/onnx.md); listed by the identity a container uses for them.
        var sites = ModelTensors.Find(model).Where(s => s.Origin == TensorOrigin.Initializer || s.Learned).ToList();
        var initializers = sites.Select(Describe).ToList();
        long parameters = 0, floatParameters = 0, bytes = 0;
        foreach (TensorProto tensor in sites.Select(s => s.Tensor))
        {
            long elements = TensorData.ElementCount(tensor.Dims);
            parameters += elements;
            if (DataTypes.IsFloatingPoint(tensor.DataType)) floatParameters += elements;
            bytes += elements * DataTypes.ElementBytes(tensor.DataType);
        }
        return new OnnxSummary(model.IrVersion, producer, opsets, model.Graph.Node.Count, opTypes, initializers,
            new InitializerTotals(initializers.Count, parameters, floatParameters, bytes));
    }

    static InitializerEntry Describe(TensorSite site)
    {
        TensorProto tensor = site.Tensor;
        long elements = TensorData.ElementCount(tensor.Dims);
        bool external = DataTypes.IsExternal(tensor);
        return new InitializerEntry(site.Identity, tensor.Dims.ToArray(), DataTypes.Name(tensor.DataType), elements,
            HasFloatingData(tensor, elements, external) ? Sparsity.Of(TensorData.ReadFloats(tensor)) : null, external,
            external || elements == 0 || HoldsValues(tensor));
    }

    static bool HoldsValues(TensorProto t) =>
        t.HasRawData || t.FloatData.Count + t.Int32Data.Count + t.Int64Data.Count + t.DoubleData.Count + t.Uint64Data.Count + t.StringData.Count > 0;

    // Checked first so that a skeleton's emptied initializers read as "no data" rather than as an error.
    static bool HasFloatingData(TensorProto tensor, long elements, bool external) =>
        TensorData.IsFloating(tensor) && !external &&
        (tensor.HasRawData ? tensor.RawData.Length == elements * FloatingTypes.ElementBytes(tensor.DataType)
            : tensor.FloatData.Count + tensor.DoubleData.Count + tensor.Int32Data.Count == elements);
}
