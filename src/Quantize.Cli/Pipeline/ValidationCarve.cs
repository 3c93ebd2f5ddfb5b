namespace Quantize.Cli.Pipeline;

/// <summary>
/// A validation split carved from the training split (compress --search chooses on it, never on the test set): a seeded
/// random choice of <see cref="Samples"/> training samples, in ascending order; training keeps the rest, also in order, so
/// fine-tuning and Hessians never see a sample the choice is judged on.
/// </summary>
/// <param name="Samples">Samples to carve; null = <see cref="DefaultFraction"/> of the samples it may take, at most <see cref="DefaultMax"/>.</param>
/// <param name="From">
/// The first training position it may take: a model trained with <c>train --limit N</c> saw positions 0 to N − 1, and a split
/// carved from N on holds only samples it never saw. 0 takes from the whole split (and carves what it always carved).
/// </param>
public sealed record ValidationCarve(int? Samples, int Seed, int From = 0)
{
    /// <summary>The share of the training split a validation split takes when not told how many.</summary>
    public const double DefaultFraction = 0.2;

    /// <summary>More samples than this cost evaluation time without moving a choice by more than its own noise.</summary>
    public const int DefaultMax = 10_000;

    /// <summary>How many samples a training split of <paramref name="trainCount"/> gives up.</summary>
    public int CountOf(int trainCount)
    {
        if (From >= trainCount)
            throw new UserInputException($"--validation-from {From} leaves nothing to carve: the training split holds {trainCount} samples");
        int count = Samples ?? Math.Min(DefaultMax, (int)Math.Round((trainCount - From) * DefaultFraction));
        if (trainCount < 2) throw new UserInputException($"the training split holds {trainCount} sample(s): too few to carve a validation split from");
        if (From > 0 && count > trainCount - From)
            throw new UserInputException($"--validation {count} is more than the {trainCount - From} training samples from position {From} on");
        if (count < 1 || count >= trainCount)
            throw new UserInputException($"--validation {count} must leave training samples: the training split holds {trainCount}");
        return count;
    }

    /// <summary>The validation positions and the training positions left, both ascending; the same for the same seed and count.</summary>
    public (int[] Validation, int[] Train) Split(int trainCount)
    {
        int count = CountOf(trainCount);
        var order = Enumerable.Range(From, trainCount - From).ToArray();
        new Random(Seed).Shuffle(order);
        int[] validation = order[..count];
        Array.Sort(validation);
        var taken = new bool[trainCount];
        foreach (int i in validation) taken[i] = true;
        return (validation, Enumerable.Range(0, trainCount).Where(i => !taken[i]).ToArray());
    }
}
