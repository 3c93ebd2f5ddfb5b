using Quantize.Format.Container.Proto;
using Quantize.Format.SafeTensors;

namespace Quantize.Cli.Inspect;

/// <summary>The files, metadata and tensors of a safetensors model, from a model on disk or from a container's layout.</summary>
public sealed record SafeTensorsInventory(IReadOnlyList<string> Files, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensorsTensorEntry> Tensors)
{
    public const string Weight = "weight";
    public const string Kept = "kept";

    public long WeightParameters => Tensors.Where(t => t.Kind == Weight).Sum(t => t.Parameters);

    public long KeptParameters => Tensors.Where(t => t.Kind == Kept).Sum(t => t.Parameters);

    /// <summary>A model on disk: weights by <see cref="SafeTensorsWeightRule"/>, what compress would quantize (less any --keep).</summary>
    public static SafeTensorsInventory Of(SafeTensorsModel model) =>
        Build(model.Shards.Select(s => (s.FileName, s.Header)), model.IndexName, SafeTensorsWeightRule.IsWeight);

    /// <summary>A container's layout: weights are the tensors the container quantized.</summary>
    public static SafeTensorsInventory Of(SafeTensorsLayout layout, IEnumerable<string> quantized)
    {
        var names = quantized.ToHashSet(StringComparer.Ordinal);
        var headers = layout.Shards.Select(s => (s.Name, SafeTensorsHeader.Parse(s.Header.Span, null, s.Name)));
        return Build(headers, layout.IndexName.Length > 0 ? layout.IndexName : null, e => names.Contains(e.Name));
    }

    static SafeTensorsInventory Build(IEnumerable<(string File, SafeTensorsHeader Header)> shards, string? index, Func<SafeTensorsEntry, bool> isWeight)
    {
        var files = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<SafeTensorsTensorEntry>();
        foreach ((string file, SafeTensorsHeader header) in shards)
        {
            files.Add(file);
            foreach ((string key, string value) in header.Metadata) metadata.TryAdd(key, value);
            foreach (SafeTensorsEntry e in header.InDataOrder)
                tensors.Add(new SafeTensorsTensorEntry(e.Name, e.DType, e.Shape, e.ElementCount, isWeight(e) ? Weight : Kept, file));
        }
        if (index != null) files.Add(index);
        return new SafeTensorsInventory(files, metadata, tensors);
    }
}
