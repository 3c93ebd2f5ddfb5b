using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Whether a model can be run on a labelled image set: its score output (<see cref="GraphInterface"/>) must give
/// class scores [N, C] with C at least the dataset's label count, and read exactly one fed input, which must take
/// the images (in a layout of <see cref="ImageLayout"/>); other inputs (an exporter's label column) are never fed.
/// Every command that runs a model (eval, hessian, prune, compress's evaluation,
/// Hessian estimation and fine-tuning, sweep) checks here before any work, from the declared types and
/// shapes alone; sizes a model leaves symbolic are checked on the first batch (<see cref="CheckScores"/>).
/// </summary>
public static class ModelInputs
{
    const string Needed = "eval/hessian/prune/fine-tuning need a model that takes these images";

    public static void Check(ModelProto model, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        GraphInterface scores = GraphInterface.Of(model.Graph);
        CheckInput(model.Graph, scores, images);
        CheckOutput(model.Graph, scores, ClassCount(images));
    }

    /// <summary>The graph inputs a caller must feed: those that are not initializers (older exports list initializers as inputs too).</summary>
    public static IReadOnlyList<ValueInfoProto> FedInputs(GraphProto graph)
    {
        var initializers = new HashSet<string>(graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        return graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
    }

    /// <summary>The number of classes scores must cover: labels are 0-based class indices.</summary>
    public static int ClassCount(LabeledImages images) => images.Count == 0 ? 0 : images.Labels.Max() + 1;

    /// <summary>A forward pass's output, for outputs whose sizes the graph leaves symbolic.</summary>
    public static void CheckScores(Tensor scores, string outputName, int classes)
    {
        bool fits = scores.dim() == 2 && scores.shape[1] >= classes && scores.is_floating_point();
        if (!fits)
            throw new IncompatibleModelException(
                $"model output '{outputName}' gave [{string.Join(",", scores.shape)}] {scores.dtype.ToString().ToLowerInvariant()}; {ScoresNeeded(classes)}");
    }

    static void CheckInput(GraphProto graph, GraphInterface scores, LabeledImages images)
    {
        IReadOnlyList<ValueInfoProto> fed = FedInputs(graph);
        if (fed.Count == 0) return; // the executor says so when built
        string dataset = $"the dataset's images are 1x{images.Rows}x{images.Columns}";
        if (scores.ScoreInputs.Count > 1)
            throw new IncompatibleModelException(
                $"model output '{scores.ScoreOutput}' reads {scores.ScoreInputs.Count} inputs ({string.Join(", ", scores.ScoreInputs.Select(i => $"'{i}'"))}); "
                + $"{dataset}, fed as the only input ({Needed})");
        DeclaredValue input = DeclaredValue.Of(fed.FirstOrDefault(i => i.Name == scores.ImageInput) ?? fed[0]);
        if (!Fits(input, images))
            throw new IncompatibleModelException($"model input '{input.Name}' takes {input.Description}; {dataset} ({Needed})");
    }

    static bool Fits(DeclaredValue input, LabeledImages images)
    {
        if (!input.MayBeFloating) return false; // token ids, labels, ...
        static bool Is(long? dim, long size) => dim == null || dim == size;
        return input.Rank switch
        {
            null => true,
            2 => Is(input.Dim(1), images.PixelsPerImage),
            3 => Is(input.Dim(1), images.Rows) && Is(input.Dim(2), images.Columns),
            4 => ImageLayouts.Of(input) == ImageLayout.ChannelsLast
                ? Is(input.Dim(1), images.Rows) && Is(input.Dim(2), images.Columns)
                : Is(input.Dim(1), 1) && Is(input.Dim(2), images.Rows) && Is(input.Dim(3), images.Columns),
            _ => false,
        };
    }

    static void CheckOutput(GraphProto graph, GraphInterface scores, int classes)
    {
        DeclaredValue output = DeclaredValue.Of(graph.Output.First(o => o.Name == scores.ScoreOutput));
        bool fits = output.MayBeFloating && (output.Rank == null || (output.Rank == 2 && (output.Dim(1) ?? classes) >= classes));
        if (!fits) throw new IncompatibleModelException($"model output '{output.Name}' gives {output.Description}; {ScoresNeeded(classes)}");
    }

    static string ScoresNeeded(int classes) =>
        $"eval/hessian/prune/fine-tuning need class scores [N,C] float with C >= {classes}, the dataset's label count";
}
