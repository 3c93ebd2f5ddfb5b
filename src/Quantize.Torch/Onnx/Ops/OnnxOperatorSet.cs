using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// The ops we execute, by ONNX op_type (default domain). Each returns the node's outputs in order;
/// ops with one output are wrapped, ops with several (Split, LayerNormalization, Dropout) return all.
/// </summary>
static class OnnxOperatorSet
{
    static readonly Dictionary<string, Func<OnnxNode, Tensor[]>> Ops = new(StringComparer.Ordinal)
    {
        ["Conv"] = One(ConvolutionOps.Conv),
        ["MaxPool"] = One(PoolingOps.MaxPool),
        ["AveragePool"] = One(PoolingOps.AveragePool),
        ["GlobalAveragePool"] = One(PoolingOps.GlobalAveragePool),
        ["GlobalMaxPool"] = One(PoolingOps.GlobalMaxPool),
        ["BatchNormalization"] = One(NormalizationOps.BatchNormalization),
        ["LayerNormalization"] = NormalizationOps.LayerNormalization,
        ["Gemm"] = One(LinearOps.Gemm),
        ["MatMul"] = One(LinearOps.MatMul),
        ["ConvTranspose"] = One(TransposedConvolutionOps.ConvTranspose),
        ["Resize"] = One(ResizeOps.Resize),
        ["Upsample"] = One(ResizeOps.Upsample),
        ["Relu"] = One(ActivationOps.Relu),
        ["PRelu"] = One(ActivationOps.PRelu),
        ["Elu"] = One(ActivationOps.Elu),
        ["Selu"] = One(ActivationOps.Selu),
        ["Softplus"] = One(ActivationOps.Softplus),
        ["Softsign"] = One(ActivationOps.Softsign),
        ["LeakyRelu"] = One(ActivationOps.LeakyRelu),
        ["Sigmoid"] = One(ActivationOps.Sigmoid),
        ["Tanh"] = One(ActivationOps.Tanh),
        ["Clip"] = One(ActivationOps.Clip),
        ["Erf"] = One(ActivationOps.Erf),
        ["Gelu"] = One(ActivationOps.Gelu),
        ["HardSigmoid"] = One(ActivationOps.HardSigmoid),
        ["HardSwish"] = One(ActivationOps.HardSwish),
        ["Add"] = One(ArithmeticOps.Add),
        ["Sub"] = One(ArithmeticOps.Sub),
        ["Mul"] = One(ArithmeticOps.Mul),
        ["Div"] = One(ArithmeticOps.Div),
        ["Pow"] = One(ArithmeticOps.Pow),
        ["Sqrt"] = One(ArithmeticOps.Sqrt),
        ["Neg"] = One(ArithmeticOps.Neg),
        ["Abs"] = One(ArithmeticOps.Abs),
        ["Exp"] = One(ArithmeticOps.Exp),
        ["Log"] = One(ArithmeticOps.Log),
        ["Reciprocal"] = One(ArithmeticOps.Reciprocal),
        ["Equal"] = One(ArithmeticOps.Equal),
        ["Less"] = One(ArithmeticOps.Less),
        ["Greater"] = One(ArithmeticOps.Greater),
        ["Not"] = One(ArithmeticOps.Not),
        ["Where"] = One(ArithmeticOps.Where),
        ["Identity"] = One(ArithmeticOps.Identity),
        ["Sum"] = One(VariadicOps.Sum),
        ["Mean"] = One(VariadicOps.Mean),
        ["Max"] = One(VariadicOps.Max),
        ["Min"] = One(VariadicOps.Min),
        ["Tile"] = One(GeneratorOps.Tile),
        ["Range"] = One(GeneratorOps.Range),
        ["Dropout"] = ArithmeticOps.Dropout,
        ["ReduceMean"] = One(ReductionOps.ReduceMean),
        ["ReduceSum"] = One(ReductionOps.ReduceSum),
        ["ReduceMax"] = One(ReductionOps.ReduceMax),
        ["ReduceMin"] = One(ReductionOps.ReduceMin),
        ["ReduceProd"] = One(ReductionOps.ReduceProd),
        ["ReduceL1"] = One(ReductionOps.ReduceL1),
        ["ReduceL2"] = One(ReductionOps.ReduceL2),
        ["ReduceSumSquare"] = One(ReductionOps.ReduceSumSquare),
        ["ReduceLogSumExp"] = One(ReductionOps.ReduceLogSumExp),
        ["Softmax"] = One(ReductionOps.Softmax),
        ["LogSoftmax"] = One(ReductionOps.LogSoftmax),
        ["Flatten"] = One(ShapeOps.Flatten),
        ["Reshape"] = One(ShapeOps.Reshape),
        ["Transpose"] = One(ShapeOps.Transpose),
        ["Squeeze"] = One(ShapeOps.Squeeze),
        ["Unsqueeze"] = One(ShapeOps.Unsqueeze),
        ["Shape"] = One(ShapeOps.Shape),
        ["Expand"] = One(ShapeOps.Expand),
        ["Concat"] = One(JoiningOps.Concat),
        ["Split"] = JoiningOps.Split,
        ["Slice"] = One(JoiningOps.Slice),
        ["Gather"] = One(JoiningOps.Gather),
        ["LSTM"] = RecurrentOps.Lstm,
        ["GRU"] = RecurrentOps.Gru,
        ["If"] = ControlFlowOps.If,
        ["Pad"] = One(PadOps.Pad),
        ["Size"] = One(PadOps.Size),
        ["Constant"] = One(ConstantOps.Constant),
        ["ConstantOfShape"] = One(ConstantOps.ConstantOfShape),
        ["Cast"] = One(ConstantOps.Cast),
    };

    public static IReadOnlyCollection<string> Supported => Ops.Keys;

    public static Func<OnnxNode, Tensor[]>? Find(string domain, string opType) =>
        (domain is "" or "ai.onnx") && Ops.TryGetValue(opType, out var op) ? op : null;

    static Func<OnnxNode, Tensor[]> One(Func<OnnxNode, Tensor> op) => node => [op(node)];
}
