namespace Quantize.Fuzz;

/// <summary>
/// One reader under fuzzing: what it does with an input, which exceptions are its documented way of refusing a bad
/// file (anything else escaping <see cref="Run"/> is a crash), and the seeds its corpus starts from.
/// </summary>
abstract class FuzzTarget
{
    const long BaseBudget = 64L << 20;

    /// <summary>The name <c>fuzz/run.sh TARGET</c> takes.</summary>
    public abstract string Name { get; }

    /// <summary>One line for docs and <c>--describe</c>: which reader, which calls.</summary>
    public abstract string Description { get; }

    /// <summary>The typed format exceptions that say "this file is malformed"; they are rejections, not crashes.</summary>
    public abstract IReadOnlyList<Type> Expected { get; }

    public abstract void Run(byte[] input, Scratch scratch);

    /// <summary>The seeds of the committed corpus (fuzz/corpus/NAME), made from the repository's golden files and fixtures.</summary>
    public abstract IEnumerable<Seed> Seeds(string repositoryRoot);

    /// <summary>
    /// The most one execution may allocate, in all, before it counts as a crash: every reader promises allocations bounded
    /// by the bytes it was given (docs/format.md §10.4, docs/fuzzing.md), and decoding may expand by a constant factor.
    /// </summary>
    public virtual long AllocationBudget(int inputLength) => BaseBudget + 4096L * inputLength;

    public bool IsExpected(Exception e) => Expected.Any(t => t.IsInstanceOfType(e));
}

/// <summary>A seed of the corpus: a small valid (or instructively invalid) input.</summary>
sealed record Seed(string Name, byte[] Bytes);
