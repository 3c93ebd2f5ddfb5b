namespace Quantize.Core.Coding.Context;

/// <summary>
/// How significance contexts see a tensor (docs/format.md, section 16.3): a matrix of <see cref="Rows"/> rows (the first
/// dimension: output rows of [out, in], filters of [out, in, kh, kw]) of <see cref="Columns"/> elements each, in row-major
/// order, and for rank ≥ 3 the <see cref="Kernel"/> size (elements per input channel, kh·kw). A tensor of rank 0 or 1 is one row.
/// </summary>
public readonly record struct SignificanceLayout(int Rows, int Columns, int Kernel)
{
    /// <exception cref="ArgumentException">The tensor has more than int.MaxValue elements or a negative dimension.</exception>
    public static SignificanceLayout Of(ReadOnlySpan<long> dims)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            if (dim < 0) throw new ArgumentException("a negative dimension", nameof(dims));
            count = checked(count * dim);
        }
        if (count > int.MaxValue) throw new ArgumentException($"{count} elements; significance coding takes at most {int.MaxValue}", nameof(dims));
        if (dims.Length < 2 || count == 0) return new SignificanceLayout(count == 0 ? 0 : 1, (int)count, 0);
        long kernel = 1;
        for (int d = 2; d < dims.Length; d++) kernel *= dims[d];
        return new SignificanceLayout((int)dims[0], (int)(count / dims[0]), dims.Length >= 3 ? (int)kernel : 0);
    }

    public int ElementCount => Rows * Columns;
}
