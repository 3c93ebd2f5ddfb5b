using Quantize.Data.NumPy;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// A NumPy archive bound to a model: one array per fed input, named after the input, samples along axis 0 (a
/// recurrent state's along its batch axis; a scalar input's array is a scalar, fed with every batch), each converted
/// to the type the input declares; an optional <c>labels</c> array of class indices. Arrays named after no input (and
/// not labels) are ignored.
/// </summary>
public sealed class NpzModelData : IModelData
{
    /// <summary>The archive key that holds class indices.</summary>
    public const string LabelsArray = "labels";

    readonly IReadOnlyList<NpzInput> inputs;
    readonly long[]? labels;

    NpzModelData(string file, IReadOnlyList<NpzInput> inputs, long[]? labels, int count)
    {
        File = file;
        this.inputs = inputs;
        this.labels = labels;
        Count = count;
    }

    /// <summary>The .npz read.</summary>
    public string File { get; }

    public int Count { get; }

    public bool HasLabels => labels != null;

    /// <summary>The fed graph inputs, in the order given to <see cref="Bind"/>.</summary>
    public IReadOnlyList<string> InputNames => inputs.Select(i => i.Name).ToList();

    /// <summary>
    /// Binds an archive's arrays to the model's inputs: every <paramref name="required"/> input must have its array;
    /// <paramref name="optional"/> inputs are bound when the archive has one.
    /// </summary>
    public static NpzModelData Bind(string file, IReadOnlyList<NpyArray> arrays, IReadOnlyList<DeclaredValue> required, IReadOnlyList<DeclaredValue> optional)
    {
        var byName = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (NpyArray array in arrays) byName[array.Name] = array;
        // The batch: the symbol most inputs lead with; a recurrent state keeps it on another axis.
        string? batchSymbol = required.Concat(optional).Select(i => i.Symbols is { Length: > 0 } s ? s[0] : null).OfType<string>()
            .GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        bool batchIsOpen = required.Concat(optional).Any(i => i.Rank > 0 && i.Dims![0] == null);
        var bound = new List<NpzInput>();
        void Add(NpyArray array, DeclaredValue input) => bound.Add(NpzInput.Bind(array, input, file, NpzInput.SampleAxisOf(input, batchSymbol, batchIsOpen)));
        foreach (DeclaredValue input in required)
        {
            if (!byName.TryGetValue(input.Name, out NpyArray? array))
                throw new ModelDataException(
                    $"{file}: no array '{input.Name}' for model input '{input.Name}' ({input.Description}); the archive holds {Holds(arrays)}");
            Add(array, input);
        }
        foreach (DeclaredValue input in optional)
        {
            if (!byName.TryGetValue(input.Name, out NpyArray? array) || bound.Any(b => b.Name == input.Name)) continue;
            Add(array, input);
        }
        if (bound.Count == 0) throw new ModelDataException($"{file}: the model has no input to feed");
        var counts = bound.Where(b => b.Samples != null).Select(b => (b.Name, Count: b.Samples!.Value, b.SampleAxis)).ToList();
        if (counts.Count == 0) throw new ModelDataException($"{file}: every array is a scalar; give at least one input its samples along axis 0");
        long count = counts[0].Count;
        foreach ((string name, long n, int axis) in counts)
            if (n != count)
                throw new ModelDataException($"{file}: array '{name}' has {n} samples (axis {axis}) but '{counts[0].Name}' has {count} (axis {counts[0].SampleAxis})");
        if (count > int.MaxValue) throw new ModelDataException($"{file}: {count} samples are more than we handle");

        long[]? labels = null;
        if (byName.TryGetValue(LabelsArray, out NpyArray? labelArray) && !bound.Any(b => b.Name == LabelsArray))
            labels = Labels(labelArray, file, count);
        return new NpzModelData(file, bound, labels, (int)count);
    }

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        int[] at = positions.ToArray();
        foreach (int p in at)
            if ((uint)p >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(positions), $"position {p} is outside 0..{Count - 1}");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (NpzInput input in inputs)
        {
            Tensor t = input.Batch(at);
            tensors[input.Name] = device == null ? t : t.MoveTo(device);
        }
        Tensor? labelTensor = null;
        if (labels != null)
        {
            labelTensor = tensor(at.Select(p => labels[p]).ToArray());
            if (device != null) labelTensor = labelTensor.MoveTo(device);
        }
        return new ModelBatch(tensors, labelTensor) { SampleAxes = inputs.Where(i => i.SampleAxis != 0).ToDictionary(i => i.Name, i => i.SampleAxis, StringComparer.Ordinal) };
    }

    static long[] Labels(NpyArray array, string file, long count)
    {
        if (array.Rank != 1 || array.Shape[0] != count)
            throw new ModelDataException($"{file}: array 'labels' is {array.Description}; it must hold one class index per sample ([{count}])");
        if (array.ElementType.IsFloating() || array.ElementType == NpyElementType.Bool)
            throw new ModelDataException($"{file}: array 'labels' holds {array.ElementType.NumPyName()}; class indices must be integers (np.int64)");
        long[] values = array.ToInt64s();
        int bad = Array.FindIndex(values, v => v < 0);
        if (bad >= 0) throw new ModelDataException($"{file}: array 'labels' has {values[bad]} at position {bad}; class indices start at 0");
        return values;
    }

    static string Holds(IReadOnlyList<NpyArray> arrays) =>
        arrays.Count == 0 ? "no arrays" : string.Join(", ", arrays.Select(a => $"'{a.Name}' {a.Description}"));
}
