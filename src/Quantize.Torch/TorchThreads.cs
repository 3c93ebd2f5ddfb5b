using TorchSharp;

namespace Quantize.Torch;

/// <summary>
/// How many threads libtorch's kernels use (its intra-op pool; default: one per core). Results never depend on it
/// (<see cref="ThreadInvariantKernels"/>); it only bounds the CPU a run takes.
/// </summary>
public static class TorchThreads
{
    /// <summary>Sets the count until disposed, then restores the previous one (tests run several commands in one process); null: unchanged.</summary>
    public static IDisposable Use(int? threads)
    {
        if (threads is not { } count) return Restore.Nothing;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        TorchRuntime.EnsureLoaded();
        int previous = torch.get_num_threads();
        torch.set_num_threads(count);
        return new Restore(previous);
    }

    sealed class Restore(int? previous) : IDisposable
    {
        public static readonly Restore Nothing = new(null);

        public void Dispose()
        {
            if (previous is { } count) torch.set_num_threads(count);
        }
    }
}
