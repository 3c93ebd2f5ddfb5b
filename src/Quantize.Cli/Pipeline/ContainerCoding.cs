using Quantize.Cli.Reports;
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
    /// <param name="splitCodebooks">
    /// Code each quantization's indices in codebooks of tensors of like spread where that makes the file smaller
    /// (<see cref="CodebookSplit"/>); the values restored are the same either way.
    /// </param>
    /// <param name="layout">For a safetensors model: how to write its files back (docs/format.md, section 15); null for ONNX.</param>
    public static EncodedContainer Encode(ModelProto model, PrunedPositions pruned, IReadOnlyList<GroupQuantization> groups,
        SymbolCoding coding, PrunedStorage storage, Settings settings, bool splitCodebooks = false, SafeTensorsLayout? layout = null)
    {
        (NqzBody body, CodingGroupsReport? split) = Coded(model, pruned, groups, coding, storage, settings, splitCodebooks);
        body.SafeTensors = layout;
        return new EncodedContainer(body, NqzFile.EncodeBody(body)) { CodingGroups = split };
    }

    public static NqzBody Build(ModelProto model, PrunedPositions pruned, IReadOnlyList<GroupQuantization> groups,
        SymbolCoding coding, PrunedStorage storage, Settings settings, bool splitCodebooks = false, SafeTensorsLayout? layout = null)
    {
        NqzBody body = Coded(model, pruned, groups, coding, storage, settings, splitCodebooks).Body;
        body.SafeTensors = layout;
        return body;
    }

    /// <summary>
    /// The body, and with <paramref name="split"/> what splitting did. The split is priced exactly as the container stores
    /// it, but the file is the judge: a split body is kept only when it is really smaller than the one-table body.
    /// </summary>
    static (NqzBody Body, CodingGroupsReport? Split) Coded(ModelProto model, PrunedPositions pruned, IReadOnlyList<GroupQuantization> groups,
        SymbolCoding coding, PrunedStorage storage, Settings settings, bool split)
    {
        List<CodedGroup> coded = [.. groups.Select(q => pruned.Code(q.Group.Tensors, q.Quantization, coding, storage) with
        {
            Scales = q.Group.Scales,
            GridStep = q.Options.Step is { } step ? (float)step : null, // stored as levels where the values are its points
        })];
        if (!split) return (NqzBuilder.Build(model, coded, settings, ToolInfo.Producer), null);
        NqzBody grouped = CodebookSplit.Build(model, coded, settings, ToolInfo.Producer);
        if (grouped.Codebooks.Count == coded.Count) return (grouped, Unsplit(grouped)); // no group split: the one-table body itself
        NqzBody one = NqzBuilder.Build(model, coded, settings, ToolInfo.Producer);
        long savedBytes = NqzFile.FileLength(one) - NqzFile.FileLength(grouped);
        if (savedBytes <= 0) return (one, Unsplit(one));
        return (grouped, new CodingGroupsReport(grouped.Codebooks.Count, StoredValues(grouped), StoredValues(one), savedBytes,
            ContainerBits.TotalBits(one) - ContainerBits.TotalBits(grouped)));
    }

    static CodingGroupsReport Unsplit(NqzBody body) => new(body.Codebooks.Count, StoredValues(body), StoredValues(body), 0, 0);

    static long StoredValues(NqzBody body) => body.Codebooks.Sum(c => (long)SharedValues.Count(c));

    /// <summary>What the container records of the run: the method, the clusters asked for (0 = found by rate) and the source file's name.</summary>
    public static Settings SettingsOf(QuantizerOptions options, string modelPath) => new()
    {
        Method = QuantizerNames.Of(options.Method),
        RequestedClusters = (uint)(options.Clusters ?? 0),
        SourceModel = Path.GetFileName(modelPath),
    };
}
