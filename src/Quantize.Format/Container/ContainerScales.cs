using Google.Protobuf;
using Quantize.Core.Coding;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// The scales of a container's tensors (docs/format.md, section 9c): storing them, reading them back, checking them,
/// counting them. The writer stores the packed form (<see cref="PackedScales"/>); the float form of earlier files is read.
/// </summary>
public static class ContainerScales
{
    /// <summary>
    /// Bits eq. (1) counts for a packed form besides its offsets: m (0..23) and w (0..31) in 5 bits each, and base, which
    /// is below 2^(8 + m) (k has the 8 exponent bits and m mantissa bits), in 8 + m bits.
    /// </summary>
    public static long PackedHeaderBits(uint mantissaBits) => 5 + 5 + 8 + mantissaBits;

    /// <summary>
    /// The stored form of <paramref name="scales"/>, packed at the fewest mantissa bits that keep every scale exact: scales
    /// rounded to m bits (<see cref="TensorScales.Rounded"/>) take at most m, any other valid scales at most 23.
    /// </summary>
    public static Scales Store(TensorScales scales)
    {
        int m = scales.Values.Max(ScalePrecision.MantissaBitsOf);
        uint[] codes = Array.ConvertAll(scales.Values, s => ScalePrecision.Code(s, m));
        uint low = codes.Min();
        uint spread = codes.Max() - low;
        int width = spread == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(spread);
        var writer = new BitWriter(codes.Length * width / 8 + 16);
        foreach (uint code in codes) writer.Write(code - low, width);
        var stored = new Scales { Packed = new PackedScales { MantissaBits = (uint)m, Base = low, Width = (uint)width } };
        stored.Packed.Offsets = UnsafeByteOperations.UnsafeWrap(writer.ToArray());
        if (scales.Axis is { } axis) stored.Axis = (uint)axis;
        return stored;
    }

    /// <summary>The scales of a validated tensor, or null where it has none.</summary>
    public static TensorScales? Of(QuantizedTensor tensor)
    {
        if (tensor.Scales is not { } s) return null;
        int? axis = s.HasAxis ? (int)s.Axis : null;
        if (s.Packed is not { } packed) return new TensorScales(axis, s.Values.ToArray());
        long count = axis is { } a ? tensor.Dims[a] : 1;
        var values = new float[count];
        var reader = new BitReader(packed.Offsets.Memory);
        for (long i = 0; i < count; i++)
            values[i] = ScalePrecision.FromCode(packed.Base + reader.Read((int)packed.Width), (int)packed.MantissaBits)
                        ?? throw new InvalidOperationException($"tensor '{tensor.Name}' was not validated"); // Validate refuses it
        return new TensorScales(axis, values);
    }

    /// <summary>
    /// Bits of every stored scale, the scale term of eq. (1), <c>scale_bits</c>: 32 per float32 value; per packed form its
    /// header (<see cref="PackedHeaderBits"/>) and w bits per scale. The axis and the protobuf framing are not counted.
    /// </summary>
    public static long Bits(NqzBody body) => body.Tensors.Sum(Bits);

    /// <inheritdoc cref="Bits(NqzBody)"/>
    public static long Bits(QuantizedTensor tensor) => tensor.Scales switch
    {
        null => 0,
        { Packed: { } packed } s => PackedHeaderBits(packed.MantissaBits) + Count(tensor, s) * packed.Width,
        { } s => 32L * s.Values.Count,
    };

    /// <summary>How many scales the tensor stores (0 without scales): one, or one per index along the axis.</summary>
    public static long Count(QuantizedTensor tensor) => tensor.Scales is { } s ? Count(tensor, s) : 0;

    static long Count(QuantizedTensor tensor, Scales scales) =>
        scales.Packed == null ? scales.Values.Count : scales.HasAxis ? tensor.Dims[(int)scales.Axis] : 1;

    /// <summary>Checks a tensor's scales against its shape and element count; <paramref name="fail"/> throws.</summary>
    internal static void Validate(QuantizedTensor tensor, ulong elements, Action<string> fail)
    {
        if (tensor.Scales is not { } scales) return;
        long expected = 1;
        if (scales.HasAxis)
        {
            if (scales.Axis >= (uint)tensor.Dims.Count)
                fail($"tensor '{tensor.Name}' has scales along axis {scales.Axis} but rank {tensor.Dims.Count}");
            expected = tensor.Dims[(int)scales.Axis];
        }
        if (scales.Packed is { } packed)
        {
            if (scales.Values.Count != 0) fail($"tensor '{tensor.Name}' has its scales both as floats and packed");
            ValidatePacked(tensor.Name, packed, (ulong)expected, elements, fail);
            return;
        }
        if (scales.Values.Count != expected)
            fail($"tensor '{tensor.Name}' has {scales.Values.Count} scales for {expected} channels");
        foreach (float value in scales.Values)
            if (!TensorScales.IsValid(value)) fail($"tensor '{tensor.Name}' has a scale of {value} (scales are positive normal floats)");
    }

    static void ValidatePacked(string name, PackedScales packed, ulong count, ulong elements, Action<string> fail)
    {
        if (packed.MantissaBits > ScalePrecision.MaxMantissaBits)
            fail($"tensor '{name}' has packed scales of {packed.MantissaBits} mantissa bits (at most {ScalePrecision.MaxMantissaBits})");
        if (packed.Width > 31) fail($"tensor '{name}' has packed scales of {packed.Width} bits each (at most 31)");
        // With w = 0 the scales take no bytes at all: only the tensor's own size, bounded by its symbols, bounds them.
        if (count > Math.Max(1, elements)) fail($"tensor '{name}' has {count} packed scales for {elements} elements");
        ulong bytes = (count * packed.Width + 7) / 8;
        if ((ulong)packed.Offsets.Length != bytes)
            fail($"tensor '{name}' has {packed.Offsets.Length} bytes of packed scales for {count} scales of {packed.Width} bits (expected {bytes})");
        var reader = new BitReader(packed.Offsets.Memory);
        for (ulong i = 0; i < count; i++)
        {
            ulong code = packed.Base + reader.Read((int)packed.Width);
            if (ScalePrecision.FromCode(code, (int)packed.MantissaBits) == null)
                fail($"tensor '{name}' has a packed scale of code {code} at {packed.MantissaBits} mantissa bits, which is no positive normal float");
        }
    }
}
