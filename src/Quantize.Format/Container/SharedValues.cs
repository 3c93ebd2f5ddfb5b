using Google.Protobuf;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// The shared values of a codebook (docs/format.md, section 6.2): as float32 each (<c>values</c>), or as integer levels of
/// a step (<c>grid</c>) where every value is a grid point. Storing, reading back, checking and counting them.
/// </summary>
public static class SharedValues
{
    /// <summary>k: how many shared values (and so symbols) the codebook has, in whichever form.</summary>
    public static int Count(Codebook codebook) => codebook.Grid is { } grid ? grid.LevelDeltas.Count : codebook.Values.Count;

    /// <summary>
    /// Stores <paramref name="values"/> in <paramref name="codebook"/>: as levels of <paramref name="step"/> where every value
    /// is reproduced bit for bit by <see cref="GridLevels.Value"/>, else as float32s (as without a step).
    /// </summary>
    public static void Store(Codebook codebook, ReadOnlySpan<float> values, float? step)
    {
        codebook.Values.Clear();
        codebook.Grid = null;
        if (step is { } s && GridLevels.Of(values, s) is { } levels)
        {
            codebook.Grid = new GridValues { Step = s };
            long previous = 0;
            foreach (long level in levels)
            {
                codebook.Grid.LevelDeltas.Add((int)(level - previous)); // |Δ| ≤ 2^30: levels are at most 2^29 in magnitude
                previous = level;
            }
            return;
        }
        codebook.Values.AddRange(values.ToArray());
    }

    /// <summary>The shared values of a validated codebook, c_j for j = 0 … k − 1.</summary>
    public static float[] Of(Codebook codebook)
    {
        if (codebook.Grid is not { } grid) return codebook.Values.ToArray();
        var values = new float[grid.LevelDeltas.Count];
        long level = 0;
        for (int j = 0; j < values.Length; j++)
        {
            level += grid.LevelDeltas[j];
            values[j] = GridLevels.Value(level, grid.Step);
        }
        return values;
    }

    /// <summary>
    /// Bits of the shared values, eq. (1)'s k·b term (<c>shared_value_bits</c>): 32 per float32 value; for a grid, the 32
    /// bits of its step and the bytes of its zigzag-varint level deltas. Protobuf framing (tags, lengths) is not counted.
    /// </summary>
    public static long Bits(Codebook codebook) =>
        codebook.Grid is { } grid ? 32 + 8L * grid.LevelDeltas.Sum(CodedOutputStream.ComputeSInt32Size) : 32L * codebook.Values.Count;

    /// <summary>Checks the shared values of codebook <paramref name="index"/> (rules C1, C2, G1 to G3); <paramref name="fail"/> throws.</summary>
    internal static void Validate(Codebook codebook, int index, Action<string> fail)
    {
        int k = Count(codebook);
        if (k == 0 || k > NqzLimits.MaxCodebookSize) fail($"codebook {index} has {k} values (allowed 1..{NqzLimits.MaxCodebookSize})");
        if (codebook.Grid is not { } grid)
        {
            foreach (float value in codebook.Values)
                if (!float.IsFinite(value)) fail($"codebook {index} holds a non-finite value");
            return;
        }
        if (codebook.Values.Count != 0) fail($"codebook {index} has its shared values both as floats and as grid levels");
        if (!float.IsNormal(grid.Step) || grid.Step < 0) fail($"codebook {index} has a grid step of {grid.Step} (a positive normal float)");
        long level = 0;
        foreach (int delta in grid.LevelDeltas)
        {
            level += delta; // at most 2^29 + 2^31 in magnitude: checked at every step, so no overflow
            if (Math.Abs(level) > GridLevels.MaxLevel) fail($"codebook {index} has a grid level of {level} (at most {GridLevels.MaxLevel} in magnitude)");
            if (!float.IsFinite(GridLevels.Value(level, grid.Step))) fail($"codebook {index} holds a non-finite value");
        }
    }
}
