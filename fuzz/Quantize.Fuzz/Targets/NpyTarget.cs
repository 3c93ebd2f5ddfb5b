using Quantize.Data.NumPy;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// One .npy array from a stream (the reader inside every .npz entry): magic, version, the Python-literal header, the
/// dtype, byte order and Fortran order. Separate from npz, whose entries' CRC checks stop most mutations of the array.
/// </summary>
sealed class NpyTarget : FuzzTarget
{
    public override string Name => "npy";

    public override string Description => "npy: NpyReader.Read of a stream of known length (header parser, dtypes, byte swap, Fortran order)";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(NpyFormatException)];

    public override void Run(byte[] input, Scratch scratch)
    {
        NpyArray array = NpyReader.Read(new MemoryStream(input, writable: false), "x", "fuzz input", input.Length);
        long count = array.Shape.Aggregate(1L, (product, d) => product * d);
        Execution.Check(count * array.ElementType.Size() == array.Data.LongLength, "an array holds as many bytes as its shape says");
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot) =>
        NumPyFixtures.Files(repositoryRoot, "*.npy", ["le_f4", "be_f8", "le_f2", "le_i8", "u1", "b1", "fortran_be_i8", "fortran_f4", "scalar", "empty", "version2", "version3"]);
}
