using Quantize.Data.NumPy;

namespace Quantize.Fuzz.Targets;

/// <summary>A NumPy archive from a file: the zip (stored or deflated entries), names, and each entry's array.</summary>
sealed class NpzTarget : FuzzTarget
{
    public override string Name => "npz";

    public override string Description => "npz: NpzReader.Read of a file (zip directory, stored and deflated entries, each entry's .npy)";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(NpyFormatException)];

    public override void Run(byte[] input, Scratch scratch) => NpzReader.Read(scratch.Write("input.npz", input));

    public override IEnumerable<Seed> Seeds(string repositoryRoot) =>
        NumPyFixtures.Files(repositoryRoot, "*.npz", ["positional", "tokens_deflated", "tokens_stored"]);
}
