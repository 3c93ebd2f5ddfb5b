using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The coding stage: the groups' final assignments and shared values, the pruned positions and the index code made
/// into a container body and its bytes. compress and sweep both code through here with the same settings, so a
/// sweep row's container is byte for byte the one compress writes for that setting.
/// </summary>
public static class ContainerCoding
{
    public static EncodedContainer Encode(ModelProto model, PrunedPositions pruned, IReadOnlyList<GroupQuantization> groups,
        SymbolCoding coding, PrunedStorage storage, Settings settings)
    {
        NqzBody body = Build(model, pruned, groups, coding, storage, settings);
        return new EncodedContainer(body, NqzFile.EncodeBody(body));
    }

    public static NqzBody Build(ModelProto model, PrunedPositions pruned, IReadOnlyList<GroupQuantization> groups,
        SymbolCoding coding, PrunedStorage storage, Settings settings) =>
        NqzBuilder.Build(model, groups.Select(q => pruned.Code(q.Group.Tensors, q.Quantization, coding, storage) with
        {
            Scales = q.Group.Scales,
            GridStep = q.Options.Step is { } step ? (float)step : null, // stored as levels where the values are its points
        }).ToList(), settings, ToolInfo.Producer);

    /// <summary>What the container records of the run: the method, the clusters asked for (0 = found by rate) and the source file's name.</summary>
    public static Settings SettingsOf(QuantizerOptions options, string modelPath) => new()
    {
        Method = QuantizerNames.Of(options.Method),
        RequestedClusters = (uint)(options.Clusters ?? 0),
        SourceModel = Path.GetFileName(modelPath),
    };
}
